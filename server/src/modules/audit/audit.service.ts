import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@jifen/shared';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { insertRows } from '../../core/database/insert-rows';
import { AuditEntity } from './audit.entity';

export type AuditAction =
  | 'auth.login_failed'
  | 'auth.locked_out'
  | 'user.created'
  | 'token.created'
  | 'token.revoked'
  | 'token.rotated'
  | 'session.refreshed'
  | 'org.imported'
  | 'rules.changed'
  | 'holidays.changed'
  | 'score.adjusted'
  | 'alert.acknowledged'
  | 'alert.assigned'
  | 'alert.rectified'
  | 'alert.verified'
  | 'alert.dismissed'
  | 'alert.escalated'
  | 'appeal.filed'
  | 'appeal.decided'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'wall.configured'
  | 'publication.settings'
  | 'publication.run'
  | 'notification.read'
  | 'notification.preferences'
  | 'queues.board-opened'
  | 'queues.changed';

/**
 * What a change did: the thing as it was (null when it was created) and as it is after
 * (null when it was deleted), plus whatever else explains it.
 */
export interface AuditChange {
  before: unknown;
  after: unknown;
  [more: string]: unknown;
}

/** Writes the append-only audit log, inside the caller's transaction when given one. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(
    manager: EntityManager | null,
    actor: string,
    action: AuditAction,
    target: string,
    details: AuditChange,
  ): Promise<void> {
    const m = manager ?? this.dataSource.manager;
    await insertRows(m, AuditEntity, [
      {
        at: this.clock.now(),
        actor,
        action,
        target,
        details: { ...details } as Record<string, unknown>,
      } as AuditEntity,
    ]);
  }

  async list(q: {
    action?: string;
    actor?: string;
    cursor?: string;
    limit: number;
  }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const where: Record<string, unknown> = {};
    if (q.action) where.action = q.action;
    if (q.actor) where.actor = q.actor;
    if (q.cursor && /^\d+$/.test(q.cursor)) where.id = LessThan(Number(q.cursor));
    const rows = await this.dataSource
      .getRepository(AuditEntity)
      .find({ where, order: { id: 'DESC' }, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => ({
        id: String(r.id),
        at: new Date(r.at).toISOString(),
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: r.details,
      })),
      nextCursor: rows.length > q.limit ? String(page[page.length - 1].id) : null,
    };
  }
}
