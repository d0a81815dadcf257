import { Injectable } from '@nestjs/common';
import type { DeliveryPage, DeliveryQuery, DeliveryView } from '@jifen/shared';
import { DataSource, In, LessThan } from 'typeorm';
import { isoOrNull } from '../../core/database/columns';
import { DeliveryAttemptEntity, NotificationDeliveryEntity } from './notification.entities';

/** Every delivery with each of its tries, newest first: what administrators read. */
@Injectable()
export class DeliveryLog {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: DeliveryQuery): Promise<DeliveryPage> {
    const where: Record<string, unknown> = {};
    if (q.channel) where.channel = q.channel;
    if (q.status) where.status = q.status;
    if (q.target) where.target = q.target;
    if (q.cursor) where.seq = LessThan(Number(q.cursor));
    const rows = await this.dataSource
      .getRepository(NotificationDeliveryEntity)
      .find({ where, order: { seq: 'DESC' }, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const attempts = page.length
      ? await this.dataSource.getRepository(DeliveryAttemptEntity).find({
          where: { deliveryId: In(page.map((d) => d.id)) },
          order: { attempt: 'ASC' },
        })
      : [];
    const byDelivery = new Map<string, DeliveryAttemptEntity[]>();
    for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
    return {
      items: page.map((d): DeliveryView => ({
        id: d.id,
        causeId: d.causeId,
        trigger: d.trigger,
        channel: d.channel,
        target: d.target,
        status: d.status,
        createdAt: new Date(d.createdAt).toISOString(),
        deliveredAt: isoOrNull(d.deliveredAt),
        lastError: d.lastError,
        attempts: (byDelivery.get(d.id) ?? []).map((a) => ({
          attempt: a.attempt,
          at: new Date(a.at).toISOString(),
          ok: a.ok,
          statusCode: a.statusCode,
          error: a.error,
          durationMs: a.durationMs,
        })),
      })),
      nextCursor: rows.length > q.limit ? String(page[page.length - 1].seq) : null,
    };
  }
}
