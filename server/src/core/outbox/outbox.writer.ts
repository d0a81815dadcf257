import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { bulkInsert } from '../database/bulk-writer';
import { OutboxEntity } from './outbox.entity';

export interface OutboxDraft {
  kind: string;
  /** Materialised path of the unit the message belongs to; every room above it receives it. */
  unitPath: string;
  payload: unknown;
}

/**
 * Appends outbox rows inside the caller's transaction: a change and its message commit
 * together. The rows carry no `seq` yet: the sequencer numbers them once committed.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly clock: Clock) {}

  async append(m: EntityManager, drafts: OutboxDraft[]): Promise<void> {
    if (!drafts.length) return;
    const createdAt = this.clock.now();
    await bulkInsert(
      m,
      OutboxEntity,
      drafts.map(
        (d) =>
          ({ kind: d.kind, unitPath: d.unitPath, payload: d.payload, seq: null, createdAt }) as OutboxEntity,
      ),
    );
  }
}
