import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { OutboxSequenceEntity } from './outbox.entity';

const BATCH = 5000;

/**
 * Numbers committed outbox rows for their consumers. Writers no longer take turns, so rows
 * commit in any order; a consumer reading by `seq` must still never pass a row that a slower
 * transaction commits later. So a row gets its number only once committed — the numbering
 * statement sees nothing else — and always above every number given before: whatever commits
 * later is numbered later. Within one pass rows are numbered in the order they were written,
 * and a transaction that waited for another (the same subject, the same cap) wrote its rows
 * after that one committed, so what happened later is announced later. Any process may run it;
 * two at once take turns on the counter's row.
 */
@Injectable()
export class OutboxSequencer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /** Numbers what has committed; returns the highest `seq` given so far. */
  async sequence(): Promise<number> {
    // Quiet: numbering is not a change anyone must be told of (it would wake the relay again).
    return this.uow.run(
      async (m) => {
        const pg = m.connection.options.type === 'postgres';
        const [row] = await m.query(
          `SELECT last FROM outbox_sequence WHERE id = 1${pg ? ' FOR UPDATE' : ''}`,
        );
        let last = Number(row?.last ?? 0);
        if (!row) await m.insert(OutboxSequenceEntity, { id: 1, last: 0 });
        const result: unknown[] = await m.query(
          `UPDATE outbox SET seq = ${pg ? '$1::bigint' : '?'} + r.n
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox
                 WHERE seq IS NULL ORDER BY id LIMIT ${BATCH}) AS r
           WHERE outbox.id = r.id RETURNING seq`,
          [last],
        );
        // TypeORM answers an UPDATE on Postgres with [rows, count], on SQLite with the rows.
        // (SQLite's RETURNING names only the updated table's columns.)
        const numbered = (pg ? result[0] : result) as unknown[];
        if (!numbered.length) return last;
        last += numbered.length;
        await m.update(OutboxSequenceEntity, { id: 1 }, { last });
        return last;
      },
      { quiet: true },
    );
  }

  /** The highest `seq` given so far, without numbering anything. */
  async last(): Promise<number> {
    const row = await this.dataSource.getRepository(OutboxSequenceEntity).findOneBy({ id: 1 });
    return row?.last ?? 0;
  }
}
