import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  CreateTokenBody,
  CreateUserBody,
  CreatedToken,
  LoginAnswer,
  LoginBody,
  RotateTokenBody,
  RotatedToken,
  SessionUser,
  TokenInfo,
} from '@jifen/shared';
import bcrypt from 'bcryptjs';
import { createHash, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig, generateSecret } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { isoOrNull } from '../../core/database/columns';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { TokenRevocations } from '../../core/realtime/token-revocations';
import {
  badRequest,
  conflict,
  expired,
  forbidden,
  notFound,
  unauthorized,
} from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { OrgService } from '../org/org.service';
import { AccessTokenEntity, SettingEntity, UserEntity, UserSessionEntity } from './auth.entities';
import { LoginThrottle } from './login-throttle';
import type { Principal } from '../../core/http/principal';

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
  /**
   * A real hash of a random password at the same cost: an unknown username is compared with it,
   * so its answer takes as long as a wrong password's (a malformed hash would return at once).
   */
  private dummyHash = '';

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly revocations: TokenRevocations,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = createSecretKey(Buffer.from(this.config.jwtSecret ?? (await this.storedSecret()), 'utf8'));
    this.dummyHash = await bcrypt.hash(generateSecret(), BCRYPT_COST);
    await this.fillUsernameKeys();
    await this.ensureFirstAdmin();
  }

  private key(): KeyObject {
    if (!this.secret) throw new Error('the signing secret is read when the module starts');
    return this.secret;
  }

  /** An embedded database from before case-blind usernames gets its keys (Postgres: the migration). */
  private async fillUsernameKeys(): Promise<void> {
    const users = this.dataSource.getRepository(UserEntity);
    for (const u of await users.findBy({ usernameKey: IsNull() }))
      await users.update({ id: u.id }, { usernameKey: u.username.toLowerCase() });
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
      usernameKey: 'admin',
      passwordHash: await bcrypt.hash(password, BCRYPT_COST),
      role: 'admin',
      unitCode: null,
      badgeNo: null,
      createdAt: this.clock.now(),
    });
    if (!this.config.adminPassword) this.generatedAdminPassword = password;
    this.logger.log('created the first administrator "admin"');
  }

  /**
   * A username is found whatever its case. Known or not, a failure costs the same bcrypt
   * comparison, answers the same 401, is counted the same and leaves the same audit row, so
   * neither the answer nor its timing says whether the user exists.
   */
  async login(body: LoginBody, address = 'unknown'): Promise<LoginAnswer> {
    await this.throttle.check(body.username, address);
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOneBy({ usernameKey: body.username.toLowerCase() });
    const ok = await bcrypt.compare(body.password, user?.passwordHash ?? this.dummyHash);
    if (!user || !ok) {
      const locks = await this.throttle.failed(body.username, address);
      await this.audit.record(null, body.username, 'auth.login_failed', `user:${body.username}`, {
        before: null,
        after: null,
        address,
        knownUser: user !== null,
      });
      if (locks)
        await this.audit.record(null, body.username, 'auth.locked_out', `user:${body.username}`, {
          before: null,
          after: { lockedForSeconds: this.config.login.lockoutSeconds },
          address,
        });
      throw unauthorized('wrong username or password', '用户名或密码错误');
    }
    await this.throttle.succeeded(body.username);
    const now = this.clock.now();
    const session: UserSessionEntity = {
      id: randomUUID(),
      userId: user.id,
      generation: 1,
      previousValidUntil: null,
      expiresAt: now + this.config.tokens.sessionTtlMinutes * 60_000,
      createdAt: now,
    };
    await this.dataSource.getRepository(UserSessionEntity).insert(session);
    return this.sessionAnswer(session, user);
  }

  /**
   * The next generation of the caller's session: a fresh expiry, and the token it replaces
   * still accepted for the configured overlap (requests already on their way), then never.
   */
  async refresh(p: Principal): Promise<LoginAnswer> {
    if (p.kind !== 'user' || !p.session)
      throw forbidden('only a logged-in session can be refreshed', '只有登录会话可以续期');
    const { id, generation } = p.session;
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      const session = await m.findOneBy(UserSessionEntity, { id });
      if (!session || session.generation !== generation)
        throw unauthorized(
          'this session token was already replaced by a newer one',
          '此登录凭证已被更新的凭证替换',
        );
      session.generation += 1;
      session.previousValidUntil = now + this.config.tokens.rotationOverlapSeconds * 1000;
      session.expiresAt = now + this.config.tokens.sessionTtlMinutes * 60_000;
      const res = await m.update(
        UserSessionEntity,
        { id, generation },
        {
          generation: session.generation,
          previousValidUntil: session.previousValidUntil,
          expiresAt: session.expiresAt,
        },
      );
      // Two refreshes with the same token at once: one wins, the other is the replaced token.
      if (res.affected === 0)
        throw unauthorized(
          'this session token was already replaced by a newer one',
          '此登录凭证已被更新的凭证替换',
        );
      const user = await m.findOneByOrFail(UserEntity, { id: session.userId });
      await this.audit.record(m, p.name, 'session.refreshed', `session:${id}`, {
        before: { generation },
        after: {
          generation: session.generation,
          previousValidUntil: new Date(session.previousValidUntil).toISOString(),
          expiresAt: new Date(session.expiresAt).toISOString(),
        },
      });
      return this.sessionAnswer(session, user);
    });
  }

  private sessionAnswer(session: UserSessionEntity, user: UserEntity): LoginAnswer {
    const accessToken = jwt.sign(
      {
        sub: user.id,
        sid: session.id,
        gen: session.generation,
        iat: Math.floor(this.clock.now() / 1000),
        exp: Math.floor(session.expiresAt / 1000),
      },
      this.key(),
    );
    return {
      accessToken,
      expiresAt: new Date(session.expiresAt).toISOString(),
      user: toSessionUser(user),
    };
  }

  /** Resolves a bearer token (JWT or kiosk/ingest token) to a principal, or throws 401. */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (!token) throw unauthorized();
    if (token.startsWith(TOKEN_PREFIX.display) || token.startsWith(TOKEN_PREFIX.ingest)) {
      const hash = sha256(token);
      const row = await this.dataSource
        .getRepository(AccessTokenEntity)
        .findOne({ where: [{ secretHash: hash }, { previousSecretHash: hash }] });
      if (!row || row.revokedAt !== null)
        throw unauthorized('the token is unknown or revoked', '令牌无效或已吊销');
      const now = this.clock.now();
      if (row.secretHash !== hash && (row.previousValidUntil === null || now >= row.previousValidUntil))
        throw expired(
          'this secret was rotated and its overlap has ended; use the new secret',
          '该令牌已轮换，旧密钥的过渡期已结束，请使用新密钥',
        );
      if (row.expiresAt !== null && now >= row.expiresAt)
        throw expired(
          `the token expired at ${new Date(row.expiresAt).toISOString()}; rotate it or create a new one`,
          '令牌已过期，请轮换或重新创建',
        );
      return {
        kind: 'token',
        id: row.id,
        name: `token:${row.label}`,
        role: row.kind,
        unitCode: row.unitCode,
        badgeNo: null,
      };
    }
    const payload = this.verified(
      token,
      { clockTimestamp: Math.floor(this.clock.now() / 1000) },
      SESSION_WORDS,
    );
    // A ticket (it names its audience) opens one door only, never the whole API.
    if (payload.aud !== undefined || typeof payload.sid !== 'string' || typeof payload.gen !== 'number')
      throw unauthorized(SESSION_WORDS.invalid[0], SESSION_WORDS.invalid[1]);
    await this.checkSession(payload.sid, payload.gen);
    return {
      ...(await this.principalOf(String(payload.sub))),
      session: { id: payload.sid, generation: payload.gen },
    };
  }

  /** The session's current generation, or the one before it during the overlap after a refresh. */
  private async checkSession(id: string, generation: number): Promise<void> {
    const session = await this.dataSource.getRepository(UserSessionEntity).findOneBy({ id });
    if (!session) throw unauthorized(SESSION_WORDS.invalid[0], SESSION_WORDS.invalid[1]);
    const now = this.clock.now();
    if (now >= session.expiresAt) throw expired(SESSION_WORDS.expired[0], SESSION_WORDS.expired[1]);
    if (generation === session.generation) return;
    const inOverlap =
      generation === session.generation - 1 &&
      session.previousValidUntil !== null &&
      now < session.previousValidUntil;
    if (!inOverlap)
      throw expired(
        'this session token was replaced by a newer one and its overlap has ended; use the new token',
        '此登录凭证已被更新，过渡期已结束，请使用新凭证',
      );
  }

  /** A JWT signed with this installation's secret, or 401 in words that fit what it was for. */
  private verified(token: string, options: jwt.VerifyOptions, words: JwtWords): jwt.JwtPayload {
    try {
      return jwt.verify(token, this.key(), options) as jwt.JwtPayload;
    } catch (e) {
      if (e instanceof jwt.TokenExpiredError) throw expired(words.expired[0], words.expired[1]);
      throw unauthorized(words.invalid[0], words.invalid[1]);
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
    const taken = () =>
      conflict('USER.EXISTS', `username ${body.username} is taken`, `用户名 ${body.username} 已存在`);
    const usernameKey = body.username.toLowerCase();
    return this.uow
      .run(async (m) => {
        if (await m.findOneBy(UserEntity, { usernameKey })) throw taken();
        const user: UserEntity = {
          id: randomUUID(),
          username: body.username,
          usernameKey,
          passwordHash,
          role: body.role,
          unitCode,
          badgeNo: body.badgeNo ?? null,
          createdAt: this.clock.now(),
        };
        await m.insert(UserEntity, user);
        await this.audit.record(m, actor.name, 'user.created', `user:${user.username}`, {
          before: null,
          after: toSessionUser(user),
        });
        return toSessionUser(user);
      })
      .catch((e: unknown) => {
        // Two creations of one name at once: the unique key lets exactly one through.
        if (isUniqueViolation(e)) throw taken();
        throw e;
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
    const now = this.clock.now();
    const row: AccessTokenEntity = {
      id: randomUUID(),
      kind: body.kind,
      secretHash: sha256(token),
      unitCode,
      label: body.label,
      createdAt: now,
      createdBy: actor.name,
      revokedAt: null,
      expiresAt: this.tokenExpiry(now, body.expiresInDays),
      previousSecretHash: null,
      previousValidUntil: null,
      rotatedAt: null,
    };
    await this.uow.run(async (m) => {
      await m.insert(AccessTokenEntity, row);
      await this.audit.record(m, actor.name, 'token.created', `token:${row.id}`, {
        before: null,
        after: toTokenInfo(row),
      });
    });
    return { ...toTokenInfo(row), token };
  }

  private tokenExpiry(now: number, days: number | undefined): number | null {
    const d = days ?? this.config.tokens.apiTokenTtlDays;
    return d === 0 ? null : now + d * 86_400_000;
  }

  /** A token the caller may manage (in scope; ingest tokens only for administrators), or 404/403. */
  private async manageable(m: EntityManager, actor: Principal, id: string, verb: 'revoke' | 'rotate') {
    const row = await m.findOneBy(AccessTokenEntity, { id });
    const visible =
      row &&
      (actor.unitCode === null ||
        (row.unitCode !== null && this.org.directory.isWithin(row.unitCode, actor.unitCode)));
    if (!row || !visible)
      throw notFound('TOKEN.NOT_FOUND', `token ${id} does not exist`, `令牌 ${id} 不存在`);
    if (actor.role !== 'admin' && row.kind !== 'display') {
      throw verb === 'revoke'
        ? forbidden('only an administrator may revoke ingest tokens', '只有管理员可以吊销数据接入令牌')
        : forbidden('only an administrator may rotate ingest tokens', '只有管理员可以轮换数据接入令牌');
    }
    return row;
  }

  /**
   * A new secret for a token. The old one keeps working for the configured overlap, so that
   * a source system or a wall can be moved over without a gap, and then stops.
   */
  async rotateToken(actor: Principal, id: string, body: RotateTokenBody): Promise<RotatedToken> {
    return this.uow.run(async (m) => {
      const row = await this.manageable(m, actor, id, 'rotate');
      if (row.revokedAt !== null)
        throw conflict(
          'TOKEN.REVOKED',
          `token ${id} is revoked and cannot be rotated`,
          `令牌 ${id} 已吊销，不能轮换`,
        );
      const before = toTokenInfo(row);
      const now = this.clock.now();
      const token = TOKEN_PREFIX[row.kind] + randomBytes(24).toString('base64url');
      const change = {
        secretHash: sha256(token),
        previousSecretHash: row.secretHash,
        previousValidUntil: now + this.config.tokens.rotationOverlapSeconds * 1000,
        rotatedAt: now,
        expiresAt: this.tokenExpiry(now, body.expiresInDays),
      };
      await m.update(AccessTokenEntity, { id }, change);
      const next = { ...row, ...change };
      await this.audit.record(m, actor.name, 'token.rotated', `token:${id}`, {
        before,
        after: toTokenInfo(next),
      });
      return {
        ...toTokenInfo(next),
        token,
        previousValidUntil: new Date(change.previousValidUntil).toISOString(),
      };
    });
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
    const answer = await this.uow.run(async (m) => {
      const row = await this.manageable(m, actor, id, 'revoke');
      if (row.revokedAt === null) {
        const before = toTokenInfo(row);
        row.revokedAt = this.clock.now();
        await m.update(AccessTokenEntity, { id }, { revokedAt: row.revokedAt });
        await this.audit.record(m, actor.name, 'token.revoked', `token:${id}`, {
          before,
          after: toTokenInfo(row),
        });
      }
      return toTokenInfo(row);
    });
    // After the commit: the token's open sockets, on every node, are closed now.
    this.revocations.revoked(id);
    return answer;
  }

  async sessionUser(p: Principal): Promise<SessionUser> {
    return { id: p.id, username: p.name, role: p.role, unitCode: p.unitCode, badgeNo: p.badgeNo };
  }
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } } | null;
  const code = err?.driverError?.code ?? err?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
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
    expiresAt: isoOrNull(r.expiresAt),
    rotatedAt: isoOrNull(r.rotatedAt),
  };
}
