import { Injectable, Logger } from '@nestjs/common';
import { DataSource, LessThan, LessThanOrEqual } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { OutboxCursors } from '../../core/outbox/outbox-cursors';
import { OutboxEntity } from '../../core/outbox/outbox.entity';
import { OnJob } from '../../core/queue/on-job';

/** Clients further behind than this get a snapshot instead of a replay anyway. */
export const OUTBOX_RETENTION_MS = 3 * 24 * 3600_000;

@Injectable()
export class OutboxPruner {
  private readonly logger = new Logger('maintenance');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly cursors: OutboxCursors,
  ) {}

  @OnJob('outboxPrune')
  async prune(): Promise<{ deleted: number }> {
    // Never a row a consumer has not finished with, however old.
    const lowest = (await this.cursors.lowest()) ?? 0;
    const r = await this.dataSource
      .getRepository(OutboxEntity)
      .delete({ createdAt: LessThan(this.clock.now() - OUTBOX_RETENTION_MS), seq: LessThanOrEqual(lowest) });
    this.logger.log(`outbox pruned: ${r.affected ?? 0} row(s)`);
    return { deleted: r.affected ?? 0 };
  }
}
