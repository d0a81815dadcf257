import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PUBLICATION_KINDS, type PublicationKind, type PublicationRef } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { JobRunner } from '../../core/queue/job-runner';
import { JOBS, type JobContext, type JobKey } from '../../core/queue/jobs';
import { OnJob } from '../../core/queue/on-job';
import { lastScheduledAt } from '../../core/queue/schedule';
import { SettingEntity } from '../auth/auth.entities';
import { periodDue } from './domain/periods';
import { PublicationRuns } from './publication-runs';
import { Publisher, type Published } from './publisher';

/** Each kind's schedule, as declared in the job layer. */
const SCHEDULES: Record<PublicationKind, JobKey> = {
  monthly: 'monthlyAiring',
  quarterly: 'quarterlyNotice',
  annual: 'annualAssessment',
  daily: 'dailyNotice',
};

/** Since when publications are scheduled here: nothing before it was ever due. */
const SINCE_KEY = 'publication.scheduled-since';

/**
 * The publication jobs: schedules that enqueue a period's job under its deterministic id,
 * the job itself, and the catch-up at start of a period missed while nothing ran.
 */
@Injectable()
export class PublicationSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('publication');

  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: PublicationRuns,
    private readonly publisher: Publisher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    jobs: JobRunner,
  ) {
    // A Redis that lost its queues lost any publication job waiting in them: enqueue what is due again.
    jobs.onStateLost(() => this.catchUp());
  }

  @OnJob('publish')
  run(ref: PublicationRef): Promise<Published> {
    return this.publisher.publish(ref.kind, ref.period);
  }

  @OnJob('monthlyAiring')
  monthly(_: unknown, ctx: JobContext) {
    return this.due('monthly', ctx);
  }

  @OnJob('quarterlyNotice')
  quarterly(_: unknown, ctx: JobContext) {
    return this.due('quarterly', ctx);
  }

  @OnJob('annualAssessment')
  annual(_: unknown, ctx: JobContext) {
    return this.due('annual', ctx);
  }

  @OnJob('dailyNotice')
  daily(_: unknown, ctx: JobContext) {
    return this.due('daily', ctx);
  }

  @OnJob('reissue')
  reissue(): Promise<Published[]> {
    return this.publisher.reissueAmended();
  }

  /** The period is the one before the instant the run was scheduled for, however late it runs. */
  private async due(kind: PublicationKind, ctx: JobContext): Promise<{ jobId: string }> {
    const period = periodDue(kind, ctx.scheduledAt ?? this.clock.now(), this.config.timeZone);
    return { jobId: await this.runs.enqueue(kind, period) };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.catchUp();
  }

  /**
   * A publication whose hour passed while nothing ran is published once at the next start
   * (or when Redis is found to have lost its queues):
   * the last instant each schedule fired at, if it lies after scheduling began here and
   * its period has no snapshot, is enqueued under the period's id (so several workers
   * starting at once enqueue it once).
   */
  async catchUp(): Promise<string[]> {
    const now = this.clock.now();
    const since = await this.scheduledSince(now);
    const enqueued: string[] = [];
    for (const kind of PUBLICATION_KINDS) {
      const at = lastScheduledAt(JOBS[SCHEDULES[kind]].cron!, this.config.timeZone, now);
      if (at === null || at <= since) continue;
      const period = periodDue(kind, at, this.config.timeZone);
      if (await this.publisher.latest(kind, period)) continue;
      enqueued.push(await this.runs.enqueue(kind, period));
    }
    if (enqueued.length) this.logger.log(`catching up missed publications: ${enqueued.join(', ')}`);
    return enqueued;
  }

  private async scheduledSince(now: number): Promise<number> {
    const repo = this.dataSource.getRepository(SettingEntity);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ key: SINCE_KEY, value: String(now) })
      .orIgnore()
      .execute();
    return Number((await repo.findOneByOrFail({ key: SINCE_KEY })).value);
  }
}
