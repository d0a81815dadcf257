import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  CreateTokenBody,
  CreateUserBody,
  CreatedToken,
  LoginAnswer,
  LoginBody,
  SessionUser,
  TokenInfo,
} from '@jifen/shared';
import bcrypt from 'bcryptjs';
import { createHash, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, generateSecret } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { isoOrNull } from '../../core/database/columns';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { OrgService } from '../org/org.service';
import { AccessTokenEntity, SettingEntity, UserEntity } from './auth.entities';
import type { Principal } from '../../core/http/principal';

const ACCESS_TTL_S = 12 * 3600;
const BCRYPT_COST = 10;
const TOKEN_PREFIX = { display: 'jfd_', ingest: 'jfi_' } as const;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** What a 401 says when a JWT is expired or otherwise not valid: [English, Chinese]. */
interface JwtWords {
  expired: [string, string];
  invalid: [string, string];
}
const SESSION_WORDS: JwtWords = {
  expired: ['the session has expired, log in again', '登录已过期，请重新登录'],
  invalid: ['the access token is not valid', '访问令牌无效'],
};
const TICKET_WORDS: JwtWords = {
  expired: ['the pass has expired, open it again from the console', '访问凭证已过期，请从控制台重新打开'],
  invalid: ['the pass is not valid', '访问凭证无效'],
};

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger('auth');
  /**
   * The signing secret as a key object: given a string, jsonwebtoken first tries to parse it
   * as a PEM public key on every verify, and that failed parse was the largest single cost of
   * an authenticated request (docs/PERFORMANCE.md, leaderboard reads).
   */
  private secret: KeyObject | null = null;
  /** Set when this start created the first admin: main.ts prints it once. */
  generatedAdminPassword: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = createSecretKey(Buffer.from(this.config.jwtSecret ?? (await this.storedSecret()), 'utf8'));
    await this.ensureFirstAdmin();
  }

  private key(): KeyObject {
    if (!this.secret) throw new Error('the signing secret is read when the module starts');
    return this.secret;
  }

  private async storedSecret(): Promise<string> {
    const repo = this.dataSource.getRepository(SettingEntity);
    const found = await repo.findOneBy({ key: 'jwt_secret' });
    if (found) return found.value;
    const value = generateSecret(48);
    await repo.createQueryBuilder().insert().values({ key: 'jwt_secret', value }).orIgnore().execute();
    return (await repo.findOneByOrFail({ key: 'jwt_secret' })).value;
  }

  private async ensureFirstAdmin(): Promise<void> {
    const users = this.dataSource.getRepository(UserEntity);
    if ((await users.countBy({ role: 'admin' })) > 0) return;
    const password = this.config.adminPassword ?? generateSecret(12);
    await users.insert({
      id: randomUUID(),
      username: 'admin',
      passwordHash: await bcrypt.hash(password, BCRYPT_COST),
      role: 'admin',
      unitCode: null,
      badgeNo: null,
      createdAt: this.clock.now(),
    });
    if (!this.config.adminPassword) this.generatedAdminPassword = password;
    this.logger.log('created the first administrator "admin"');
  }

  async login(body: LoginBody): Promise<LoginAnswer> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ username: body.username });
    // Compare even when the user is unknown so timing does not reveal which usernames exist.
    const ok = await bcrypt.compare(
      body.password,
      user?.passwordHash ?? '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinvali',
    );
    if (!user || !ok) throw unauthorized('wrong username or password', '用户名或密码错误');
    const expiresAt = this.clock.now() + ACCESS_TTL_S * 1000;
    const accessToken = jwt.sign({ sub: user.id }, this.key(), { expiresIn: ACCESS_TTL_S });
    return { accessToken, expiresAt: new Date(expiresAt).toISOString(), user: toSessionUser(user) };
  }

  /** Resolves a bearer token (JWT or kiosk/ingest token) to a principal, or throws 401. */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (!token) throw unauthorized();
    if (token.startsWith(TOKEN_PREFIX.display) || token.startsWith(TOKEN_PREFIX.ingest)) {
      const row = await this.dataSource
        .getRepository(AccessTokenEntity)
        .findOneBy({ secretHash: sha256(token) });
      if (!row || row.revokedAt !== null)
        throw unauthorized('the token is unknown or revoked', '令牌无效或已吊销');
      return {
        kind: 'token',
        id: row.id,
        name: `token:${row.label}`,
        role: row.kind,
        unitCode: row.unitCode,
        badgeNo: null,
      };
    }
    const payload = this.verified(token, {}, SESSION_WORDS);
    // A ticket (it names its audience) opens one door only, never the whole API.
    if (payload.aud !== undefined) throw unauthorized(SESSION_WORDS.invalid[0], SESSION_WORDS.invalid[1]);
    return this.principalOf(String(payload.sub));
  }

  /** A JWT signed with this installation's secret, or 401 in words that fit what it was for. */
  private verified(token: string, options: jwt.VerifyOptions, words: JwtWords): jwt.JwtPayload {
    try {
      return jwt.verify(token, this.key(), options) as jwt.JwtPayload;
    } catch (e) {
      const [en, zh] = e instanceof jwt.TokenExpiredError ? words.expired : words.invalid;
      throw unauthorized(en, zh);
    }
  }

  private async principalOf(userId: string): Promise<Principal> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw unauthorized('the user no longer exists', '用户不存在');
    return {
      kind: 'user',
      id: user.id,
      name: user.username,
      role: user.role,
      unitCode: user.unitCode,
      badgeNo: user.badgeNo,
    };
  }

  /**
   * A short-lived token for one purpose (e.g. the queue dashboard's cookie), signed like a
   * session but valid only where its audience is asked for, and never as a bearer token.
   */
  issueTicket(p: Principal, audience: string, ttlS: number): { token: string; expiresAt: number } {
    const now = Math.floor(this.clock.now() / 1000);
    const token = jwt.sign({ sub: p.id, aud: audience, iat: now, exp: now + ttlS }, this.key());
    return { token, expiresAt: (now + ttlS) * 1000 };
  }

  /** The user a ticket was issued to, as they are now; 401 when it is missing, forged or expired. */
  async authenticateTicket(token: string | undefined, audience: string): Promise<Principal> {
    if (!token) throw unauthorized();
    const payload = this.verified(
      token,
      { audience, clockTimestamp: Math.floor(this.clock.now() / 1000) },
      TICKET_WORDS,
    );
    return this.principalOf(String(payload.sub));
  }

  async createUser(actor: Principal, body: CreateUserBody): Promise<SessionUser> {
    const directory = this.org.directory;
    if (body.unitCode && !directory.unit(body.unitCode)) {
      throw badRequest(
        'USER.UNKNOWN_UNIT',
        `unitCode: unit ${body.unitCode} does not exist`,
        `单位 ${body.unitCode} 不存在`,
      );
    }
    let unitCode = body.unitCode ?? null;
    if (body.badgeNo) {
      const officer = directory.officer(body.badgeNo);
      if (!officer)
        throw badRequest(
          'USER.UNKNOWN_OFFICER',
          `badgeNo: officer ${body.badgeNo} does not exist`,
          `警号 ${body.badgeNo} 不存在`,
        );
      if (body.role === 'officer') unitCode = officer.unitCode;
    }
    const passwordHash = await bcrypt.hash(body.password, BCRYPT_COST);
    return this.uow.run(async (m) => {
      if (await m.findOneBy(UserEntity, { username: body.username })) {
        throw conflict('USER.EXISTS', `username ${body.username} is taken`, `用户名 ${body.username} 已存在`);
      }
      const user: UserEntity = {
        id: randomUUID(),
        username: body.username,
        passwordHash,
        role: body.role,
        unitCode,
        badgeNo: body.badgeNo ?? null,
        createdAt: this.clock.now(),
      };
      await m.insert(UserEntity, user);
      await this.audit.record(m, actor.name, 'user.created', `user:${user.username}`, {
        role: user.role,
        unitCode,
        badgeNo: user.badgeNo,
      });
      return toSessionUser(user);
    });
  }

  /** Every login, for the administrators' user list; password hashes never leave. */
  async listUsers(): Promise<SessionUser[]> {
    const rows = await this.dataSource.getRepository(UserEntity).find({ order: { username: 'ASC' } });
    return rows.map(toSessionUser);
  }

  async createToken(actor: Principal, body: CreateTokenBody): Promise<CreatedToken> {
    if (actor.role !== 'admin' && body.kind !== 'display') {
      throw forbidden('only an administrator may create ingest tokens', '只有管理员可以创建数据接入令牌');
    }
    const unitCode = body.unitCode ?? actor.unitCode;
    if (unitCode !== null && !this.org.directory.unit(unitCode)) {
      throw badRequest(
        'TOKEN.UNKNOWN_UNIT',
        `unitCode: unit ${unitCode} does not exist`,
        `单位 ${unitCode} 不存在`,
      );
    }
    if (
      unitCode !== null &&
      actor.unitCode !== null &&
      !this.org.directory.isWithin(unitCode, actor.unitCode)
    ) {
      throw forbidden(`unit ${unitCode} is outside your scope`, `单位 ${unitCode} 不在您的管辖范围内`);
    }
    if (unitCode === null && actor.unitCode !== null) {
      throw forbidden('a token for the whole organisation needs an administrator', '全局令牌需要管理员创建');
    }
    const token = TOKEN_PREFIX[body.kind] + randomBytes(24).toString('base64url');
    const row: AccessTokenEntity = {
      id: randomUUID(),
      kind: body.kind,
      secretHash: sha256(token),
      unitCode,
      label: body.label,
      createdAt: this.clock.now(),
      createdBy: actor.name,
      revokedAt: null,
    };
    await this.uow.run(async (m) => {
      await m.insert(AccessTokenEntity, row);
      await this.audit.record(m, actor.name, 'token.created', `token:${row.id}`, {
        kind: row.kind,
        unitCode,
        label: row.label,
      });
    });
    return { ...toTokenInfo(row), token };
  }

  async listTokens(actor: Principal): Promise<TokenInfo[]> {
    const rows = await this.dataSource
      .getRepository(AccessTokenEntity)
      .find({ order: { createdAt: 'DESC' } });
    return rows
      .filter(
        (r) =>
          actor.unitCode === null ||
          (r.unitCode !== null && this.org.directory.isWithin(r.unitCode, actor.unitCode)),
      )
      .map(toTokenInfo);
  }

  async revokeToken(actor: Principal, id: string): Promise<TokenInfo> {
    return this.uow.run(async (m) => {
      const row = await m.findOneBy(AccessTokenEntity, { id });
      const visible =
        row &&
        (actor.unitCode === null ||
          (row.unitCode !== null && this.org.directory.isWithin(row.unitCode, actor.unitCode)));
      if (!row || !visible)
        throw notFound('TOKEN.NOT_FOUND', `token ${id} does not exist`, `令牌 ${id} 不存在`);
      if (actor.role !== 'admin' && row.kind !== 'display') {
        throw forbidden('only an administrator may revoke ingest tokens', '只有管理员可以吊销数据接入令牌');
      }
      if (row.revokedAt === null) {
        row.revokedAt = this.clock.now();
        await m.update(AccessTokenEntity, { id }, { revokedAt: row.revokedAt });
        await this.audit.record(m, actor.name, 'token.revoked', `token:${id}`, {
          kind: row.kind,
          label: row.label,
        });
      }
      return toTokenInfo(row);
    });
  }

  async sessionUser(p: Principal): Promise<SessionUser> {
    return { id: p.id, username: p.name, role: p.role, unitCode: p.unitCode, badgeNo: p.badgeNo };
  }
}

function toSessionUser(u: UserEntity): SessionUser {
  return { id: u.id, username: u.username, role: u.role, unitCode: u.unitCode, badgeNo: u.badgeNo };
}

function toTokenInfo(r: AccessTokenEntity): TokenInfo {
  return {
    id: r.id,
    kind: r.kind,
    unitCode: r.unitCode,
    label: r.label,
    createdAt: new Date(r.createdAt).toISOString(),
    createdBy: r.createdBy,
    revokedAt: isoOrNull(r.revokedAt),
  };
}
