import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { ensureMonthPartitions, type PartitionReport } from '../../core/database/partitions/month-partitions';
import { monthsFrom } from '../../core/database/partitions/month-plan';
import { OnJob } from '../../core/queue/on-job';

/**
 * Partitions exist before their month starts: this month and the next two, so a month
 * boundary never depends on tonight's job having run. Rows of months without a partition
 * (a backfill of old history, a migrated database) wait in the default partition until the
 * next run gives their month one.
 */
export const MONTHS_AHEAD = 2;

@Injectable()
export class PartitionMaintainer implements OnApplicationBootstrap {
  private readonly logger = new Logger('maintenance');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Every process at start, API and worker alike: a new database gets its months at once. A
   * failure does not stop the start: rows go to the default partition meanwhile, and the
   * nightly job (with its retries) tries again.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.maintain().catch((e: unknown) =>
      this.logger.error(`partitions not made at start: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  @OnJob('partitionMaintain')
  async maintain(): Promise<PartitionReport | { skipped: 'sqlite' }> {
    // The embedded database is one unpartitioned file.
    if (this.config.database.driver !== 'postgres') return { skipped: 'sqlite' };
    const report = await ensureMonthPartitions(
      this.dataSource,
      monthsFrom(this.clock.now(), this.config.timeZone, MONTHS_AHEAD),
      this.config.timeZone,
    );
    if (report.created.length)
      this.logger.log(`partitions created: ${report.created.join(', ')} (${report.moved} row(s) moved)`);
    if (report.blocked.length)
      this.logger.warn(
        `partitions not created, a table of that name exists (an archived month?): ${report.blocked.join(', ')}`,
      );
    return report;
  }
}
