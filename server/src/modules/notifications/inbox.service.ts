import { Injectable } from '@nestjs/common';
import type { InboxItem, InboxPage, InboxQuery, NotificationCause, NotificationMessage } from '@jifen/shared';
import { Emitter } from '@socket.io/redis-emitter';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { isoOrNull } from '../../core/database/columns';
import { notFound } from '../../core/errors/domain-error';
import type { LiveNamespace } from '../../core/realtime/live.server';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { RedisService } from '../../core/redis/redis.service';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../auth/auth.entities';
import { InboxEntryEntity } from './notification.entities';
import type { NotificationText } from './notification-text';

/** The person reading their inbox: whose rows, and the name the audit log gives them. */
export interface Reader {
  id: string;
  name: string;
}

/** The live room of one person's sockets (by username: what a live principal carries). */
export const inboxRoom = (username: string) => `inbox:${username}`;

const PERSON_ROLES = new Set(['admin', 'supervisor', 'officer']);

function toItem(r: InboxEntryEntity): InboxItem {
  return {
    id: String(r.id),
    causeId: r.causeId,
    trigger: r.trigger,
    title: { zh: r.titleZh, en: r.titleEn },
    body: { zh: r.bodyZh, en: r.bodyEn },
    link: r.link,
    createdAt: new Date(r.createdAt).toISOString(),
    readAt: isoOrNull(r.readAt),
  };
}

/**
 * Each user's inbox: stored in Postgres (the record), pushed live to the user's own sockets.
 * The push goes through the Socket.IO Redis adapter's channel, so a worker process without
 * sockets of its own reaches sockets held by any API node.
 */
@Injectable()
export class InboxService {
  private readonly emitter: Emitter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    redis: RedisService,
  ) {
    this.emitter = new Emitter(redis.connect('inbox-emitter'), { key: `${redis.prefix}#live` });
  }

  /** Puts every person's socket into their inbox room as it connects. */
  attach(ns: LiveNamespace): void {
    ns.on('connection', (socket) => {
      const p = (socket.data as { principal?: { name: string; role: string } }).principal;
      if (p && PERSON_ROLES.has(p.role)) void socket.join(inboxRoom(p.name));
    });
  }

  private get repo() {
    return this.dataSource.getRepository(InboxEntryEntity);
  }

  /** Stores the cause in the user's inbox once, then pushes it with the new unread count. */
  async deliver(userId: string, cause: NotificationCause, text: NotificationText): Promise<InboxItem> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({
        userId,
        causeId: cause.id,
        trigger: cause.trigger,
        titleZh: text.title.zh,
        titleEn: text.title.en,
        bodyZh: text.body.zh,
        bodyEn: text.body.en,
        link: text.link,
        createdAt: this.clock.now(),
        readAt: null,
      })
      .orIgnore()
      .execute();
    const row = await this.repo.findOneByOrFail({ causeId: cause.id, userId });
    const item = toItem(row);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (user) {
      const message: NotificationMessage = { notification: item, unread: await this.unread(userId) };
      this.emitter.of('/live').to(inboxRoom(user.username)).emit('notification', message);
    }
    return item;
  }

  async list(userId: string, q: InboxQuery): Promise<InboxPage> {
    const where: Record<string, unknown> = { userId };
    if (q.unread === 'true') where.readAt = IsNull();
    if (q.cursor) where.id = LessThan(Number(q.cursor));
    const rows = await this.repo.find({ where, order: { id: 'DESC' }, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(toItem),
      nextCursor: rows.length > q.limit ? String(page[page.length - 1].id) : null,
      unread: await this.unread(userId),
    };
  }

  async unread(userId: string): Promise<number> {
    return this.repo.countBy({ userId, readAt: IsNull() });
  }

  async markRead(reader: Reader, id: string): Promise<InboxItem> {
    const userId = reader.id;
    const row = /^\d+$/.test(id) ? await this.repo.findOneBy({ id: Number(id), userId }) : null;
    if (!row) {
      throw notFound(
        'NOTIFICATION.NOT_FOUND',
        `notification ${id} is not in your inbox`,
        `通知 ${id} 不在您的收件箱中`,
      );
    }
    if (row.readAt === null) {
      const before = toItem(row);
      row.readAt = this.clock.now();
      await this.uow.run(async (m) => {
        await m.update(InboxEntryEntity, { id: row.id }, { readAt: row.readAt });
        await this.audit.record(m, reader.name, 'notification.read', `notification:${row.id}`, {
          before: { readAt: before.readAt },
          after: { readAt: toItem(row).readAt },
        });
      });
    }
    return toItem(row);
  }

  async markAllRead(reader: Reader): Promise<{ unread: number }> {
    await this.uow.run(async (m) => {
      const unread = await m.find(InboxEntryEntity, {
        select: ['id'],
        where: { userId: reader.id, readAt: IsNull() },
        order: { id: 'ASC' },
      });
      if (!unread.length) return;
      const at = this.clock.now();
      await m.update(InboxEntryEntity, { userId: reader.id, readAt: IsNull() }, { readAt: at });
      await this.audit.record(m, reader.name, 'notification.read', `inbox:${reader.name}`, {
        before: { unread: unread.map((r) => String(r.id)) },
        after: { unread: [], readAt: new Date(at).toISOString() },
      });
    });
    return { unread: 0 };
  }
}
