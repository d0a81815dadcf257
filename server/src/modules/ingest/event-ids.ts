import { EntityManager, In } from 'typeorm';
import { inChunks } from '../../core/database/insert-rows';
import { EventEntity } from './event.entity';

/**
 * The ids of a batch never accepted before, taken for this transaction.
 *
 * On Postgres `events` is partitioned by month and cannot hold a unique index on `eventId`
 * alone, so ids are claimed in the unpartitioned `event_ids`: unique across every partition,
 * kept when a month is archived (an archived event sent again stays a duplicate), and, with
 * ON CONFLICT DO NOTHING, two batches carrying the same id at once accept it exactly once.
 * Ids are claimed in sorted order so two such batches never wait on each other in a circle.
 * The embedded database has one writer and a plain primary key: it looks the ids up.
 */
export async function claimNewEventIds(m: EntityManager, ids: string[]): Promise<Set<string>> {
  if (m.connection.options.type === 'postgres') {
    const rows = await inChunks(
      [...ids].sort(),
      5000,
      (slice) =>
        m.query(
          `INSERT INTO "event_ids" ("eventId") SELECT unnest($1::varchar[])
         ON CONFLICT DO NOTHING RETURNING "eventId"`,
          [slice],
        ) as Promise<{ eventId: string }[]>,
    );
    return new Set(rows.map((r) => r.eventId));
  }
  const found = await inChunks(ids, 500, (slice) =>
    m.find(EventEntity, { select: { eventId: true }, where: { eventId: In(slice) } }),
  );
  const existing = new Set(found.map((r) => r.eventId));
  return new Set(ids.filter((id) => !existing.has(id)));
}
