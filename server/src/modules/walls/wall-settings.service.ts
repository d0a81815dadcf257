import { Injectable } from '@nestjs/common';
import {
  DEFAULT_WALL_CONFIG,
  type PrivacyMode,
  type TokenInfo,
  type WallConfigBody,
  type WallConfigMessage,
  type WallSettings,
} from '@jifen/shared';
import { DataSource, In } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { conflict, forbidden, notFound } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { OutboxWriter } from '../../core/outbox/outbox.writer';
import { LIVE_KINDS } from '../../core/realtime/live-messages';
import { AuditService } from '../audit/audit.service';
import { AccessTokenEntity } from '../auth/auth.entities';
import { AuthService } from '../auth/auth.service';
import { OrgService } from '../org/org.service';
import { WallConfigEntity } from './wall-config.entity';

/** Outbox kind of a changed wall configuration; the relay sends it as `wall.config`. */
export const WALL_CONFIG_KIND = LIVE_KINDS.wallConfig;

/**
 * Each display token carries its wall's configuration. Administrators and supervisors edit
 * the walls in their scope; the wall reads its own with its token. A save is audited and
 * written to the outbox in the same transaction, so an open wall learns of it live.
 */
@Injectable()
export class WallSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The walls (display tokens) the caller may configure, newest first. */
  async list(p: Principal): Promise<WallSettings[]> {
    const tokens = (await this.auth.listTokens(p)).filter((t) => t.kind === 'display');
    const rows = tokens.length
      ? await this.dataSource.getRepository(WallConfigEntity).findBy({ tokenId: In(tokens.map((t) => t.id)) })
      : [];
    const byToken = new Map(rows.map((r) => [r.tokenId, r]));
    return tokens.map((t) => toSettings(t, byToken.get(t.id) ?? null));
  }

  async get(p: Principal, tokenId: string): Promise<WallSettings> {
    const token = (await this.list(p)).find((w) => w.tokenId === tokenId);
    if (!token)
      throw notFound(
        'WALL.NOT_FOUND',
        `no wall with token ${tokenId} in your scope`,
        `您的管辖范围内没有令牌为 ${tokenId} 的大屏`,
      );
    return token;
  }

  /** The calling display token's own wall. */
  async own(p: Principal): Promise<WallSettings> {
    if (p.role !== 'display' || p.kind !== 'token')
      throw forbidden('only a display token has a wall of its own', '只有大屏令牌才有自己的大屏配置');
    const token = await this.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ id: p.id });
    const row = await this.dataSource.getRepository(WallConfigEntity).findOneBy({ tokenId: p.id });
    return toSettings(
      {
        id: token.id,
        label: token.label,
        unitCode: token.unitCode,
        revokedAt: token.revokedAt === null ? null : iso(token.revokedAt),
      },
      row,
    );
  }

  async save(p: Principal, tokenId: string, body: WallConfigBody): Promise<WallSettings> {
    const visible = await this.get(p, tokenId);
    if (visible.revoked)
      throw conflict(
        'WALL.TOKEN_REVOKED',
        'this display token is revoked; its wall cannot be configured',
        '该大屏令牌已吊销，不能再配置',
      );
    return this.uow.run(async (m) => {
      const current = await m.findOneBy(WallConfigEntity, { tokenId });
      const version = current?.version ?? 0;
      if (body.version !== undefined && body.version !== version)
        throw conflict(
          'WALL.STALE',
          `the wall was changed by ${current?.updatedBy ?? 'someone'} since you read it (version ${body.version}, now ${version}); reload it`,
          `大屏配置已被 ${current?.updatedBy ?? '他人'} 修改，请刷新后重试`,
          { version },
        );
      const row: WallConfigEntity = {
        tokenId,
        config: body.config,
        version: version + 1,
        updatedAt: this.clock.now(),
        updatedBy: p.name,
      };
      await m.save(WallConfigEntity, row);
      await this.audit.record(m, p.name, 'wall.configured', `token:${tokenId}`, {
        before: current ? { version: current.version, config: current.config } : null,
        after: { version: row.version, config: row.config },
      });
      const payload: Omit<WallConfigMessage, 'seq'> & { previousPrivacy: PrivacyMode } = {
        tokenId,
        version: row.version,
        config: row.config,
        // A wall whose privacy changes must reconnect, to be given its new rooms.
        previousPrivacy: current?.config.privacy ?? DEFAULT_WALL_CONFIG.privacy,
      };
      await this.outbox.append(m, [
        { kind: WALL_CONFIG_KIND, unitPath: this.org.directory.pathOf(visible.unitCode), payload },
      ]);
      return {
        ...visible,
        config: row.config,
        version: row.version,
        updatedAt: iso(row.updatedAt),
        updatedBy: row.updatedBy,
      };
    });
  }

  /** A display token's privacy mode; every other caller sees names. */
  async privacyOf(tokenId: string | null): Promise<PrivacyMode> {
    if (tokenId === null) return 'off';
    const row = await this.dataSource.getRepository(WallConfigEntity).findOneBy({ tokenId });
    return row?.config.privacy ?? DEFAULT_WALL_CONFIG.privacy;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

function toSettings(
  t: Pick<TokenInfo, 'id' | 'label' | 'unitCode' | 'revokedAt'>,
  row: WallConfigEntity | null,
): WallSettings {
  return {
    tokenId: t.id,
    label: t.label,
    unitCode: t.unitCode,
    revoked: t.revokedAt !== null,
    config: row?.config ?? DEFAULT_WALL_CONFIG,
    version: row?.version ?? 0,
    updatedAt: row ? iso(row.updatedAt) : null,
    updatedBy: row?.updatedBy ?? null,
  };
}
