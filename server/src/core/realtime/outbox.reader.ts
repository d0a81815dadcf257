import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxCursors } from '../outbox/outbox-cursors';
import { OutboxSequencer } from '../outbox/outbox-sequencer';
import { OutboxEntity, type SequencedRow } from '../outbox/outbox.entity';

/** The live relay's name among the outbox's consumers. */
export const LIVE_RELAY = 'live-relay';

/** Reads the outbox for the relay and for replays, and knows how far the relay has announced. */
@Injectable()
export class OutboxReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cursors: OutboxCursors,
    private readonly sequencer: OutboxSequencer,
  ) {}

  /** The highest `seq` the live relay has announced: a client that saw it is up to date. */
  async publishedSeq(): Promise<number> {
    return (await this.cursors.get(LIVE_RELAY)) ?? this.maxSeq();
  }

  /**
   * Where a consumer carries on: after its stored cursor, or — on its first start — after the
   * newest row, so a new consumer tells nothing that was committed before it existed.
   */
  async resume(consumer: string): Promise<number> {
    const stored = await this.cursors.get(consumer);
    if (stored !== null) return stored;
    const start = await this.maxSeq();
    await this.cursors.set(consumer, start);
    return start;
  }

  /** The highest `seq` given: everything numbered so far, announced or not. */
  maxSeq(): Promise<number> {
    return this.sequencer.last();
  }

  async minSeq(): Promise<number> {
    const r: { min: number | string | null } | undefined = await this.dataSource
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .select('MIN(o.seq)', 'min')
      .getRawOne();
    return Number(r?.min ?? 0);
  }

  /** Rows after `after`, in order, at most `limit`. */
  async after(after: number, limit: number): Promise<SequencedRow[]> {
    return (await this.dataSource
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .where('o.seq > :after', { after })
      .andWhere('o.seq IS NOT NULL')
      .orderBy('o.seq', 'ASC')
      .take(limit)
      .getMany()) as SequencedRow[];
  }

  /**
   * Rows in (after, upTo] within a unit path, for a replay; `tooFarBehind` when more than
   * `limit` rows, or when rows the client needs were pruned (it gets a snapshot instead).
   */
  async between(
    after: number,
    upTo: number,
    path: string,
    limit: number,
  ): Promise<{ tooFarBehind: boolean; rows: SequencedRow[] }> {
    if (upTo <= after) return { tooFarBehind: false, rows: [] };
    const min = await this.minSeq();
    if (min > after + 1) return { tooFarBehind: true, rows: [] };
    const rows = (await this.dataSource
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .where('o.seq > :after AND o.seq <= :upTo', { after, upTo })
      .andWhere('o.unitPath LIKE :path', { path: `${path}%` })
      .orderBy('o.seq', 'ASC')
      .take(limit + 1)
      .getMany()) as SequencedRow[];
    return rows.length > limit ? { tooFarBehind: true, rows: [] } : { tooFarBehind: false, rows };
  }
}
