import type { NotificationDeliveryJob, PublicationRef, RefoldRequest } from '@jifen/shared';

/**
 * Every queue and job of Jifen, in one place, with the options each job is enqueued with.
 * A job with a schedule is registered as a BullMQ job scheduler at boot (an idempotent
 * upsert), so restarting or starting several workers never duplicates it.
 */
export const QUEUES = [
  'deadlines',
  'judgement',
  'maintenance',
  'publication',
  'notifications',
  'webhooks',
] as const;
export type QueueName = (typeof QUEUES)[number];

/**
 * Jobs a worker runs at once per queue. Webhooks wait on other people's servers, so many run
 * side by side: one slow endpoint holds one slot, never the queue.
 */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  deadlines: 1,
  judgement: 1,
  maintenance: 1,
  publication: 1,
  notifications: 8,
  webhooks: 16,
};

export interface JobSpec<Data = Record<string, never>> {
  queue: QueueName;
  name: string;
  /** Repeat every N ms (sweeps), or a cron pattern in the bureau's time zone. */
  every?: number;
  cron?: string;
  /** Runs before the job is failed for good (default 1: no retry). */
  attempts?: number;
  /** First retry delay; each later retry waits twice as long as the one before. */
  backoffMs?: number;
  /**
   * How long a finished job stays in Redis. Enqueuing its id again within that time gives
   * back the same job; after it, the handler's own record in Postgres must say "done".
   */
  keepSeconds?: number;
  /** Phantom: the type of the job's data, never set at runtime. */
  readonly data?: Data;
}

const job = <Data = Record<string, never>>(spec: Omit<JobSpec<Data>, 'data'>): JobSpec<Data> => spec;

const DAY_S = 24 * 3600;

export const JOBS = {
  /** 日巡查: raise warnings and violations that came due, escalate unacknowledged problems. */
  deadlineSweep: job({ queue: 'deadlines', name: 'sweep', every: 30_000 }),
  /** Judge subjects again after something besides their events changed: rules, holidays, transfers. */
  refold: job<RefoldRequest>({
    queue: 'judgement',
    name: 'refold',
    attempts: 5,
    backoffMs: 2000,
    keepSeconds: DAY_S,
  }),
  /**
   * RULES.md "Publication defaults", in the bureau's time zone: each schedule enqueues the
   * period's `publish` job under its deterministic id (`airing:2026-10`).
   */
  monthlyAiring: job({ queue: 'publication', name: 'monthly-airing', cron: '10 0 1 * *' }),
  quarterlyNotice: job({ queue: 'publication', name: 'quarterly-notice', cron: '20 0 1 1,4,7,10 *' }),
  annualAssessment: job({ queue: 'publication', name: 'annual-assessment', cron: '30 0 1 1 *' }),
  dailyNotice: job({ queue: 'publication', name: 'daily-notice', cron: '0 8 * * *' }),
  /** One period's publication: computed, stored and announced once, whoever enqueues it. */
  publish: job<PublicationRef>({
    queue: 'publication',
    name: 'publish',
    attempts: 5,
    backoffMs: 10_000,
    keepSeconds: 40 * DAY_S,
  }),
  /**
   * Re-issue the aired periods an upheld appeal or a correction amended. Enqueued after
   * each of them, and swept on a timer in case a process died between commit and enqueue.
   */
  reissue: job({
    queue: 'publication',
    name: 'reissue',
    every: 10 * 60_000,
    attempts: 5,
    backoffMs: 5000,
  }),
  /** Keep the outbox to what resuming clients can still ask for. */
  outboxPrune: job({ queue: 'maintenance', name: 'outbox-prune', cron: '17 3 * * *' }),
  /** Postgres: this month's and the next months' partitions of events and ledger (also run at every start). */
  partitionMaintain: job({
    queue: 'maintenance',
    name: 'partitions',
    cron: '41 2 * * *',
    attempts: 3,
    backoffMs: 60_000,
  }),
  /** One notification to one user's inbox (stored, then pushed live). */
  notifyInApp: job<NotificationDeliveryJob>({
    queue: 'notifications',
    name: 'in-app',
    attempts: 5,
    backoffMs: 1000,
    keepSeconds: 7 * DAY_S,
  }),
  /** One notification e-mailed to one user. */
  notifyEmail: job<NotificationDeliveryJob>({
    queue: 'notifications',
    name: 'email',
    attempts: 6,
    backoffMs: 5000,
    keepSeconds: 7 * DAY_S,
  }),
  /** One notification POSTed, signed, to one webhook endpoint. */
  notifyWebhook: job<NotificationDeliveryJob>({
    queue: 'webhooks',
    name: 'webhook',
    attempts: 8,
    backoffMs: 1000,
    keepSeconds: 7 * DAY_S,
  }),
};

export type JobKey = keyof typeof JOBS;
export type JobData<K extends JobKey> = NonNullable<(typeof JOBS)[K]['data']>;

/** What a handler knows about the run it is in. */
export interface JobContext {
  /** The id the job was enqueued with (`airing:2026-10`), or BullMQ's own. */
  id: string;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
  attempts: number;
  /** For a scheduled job, the instant it was scheduled for (not when it happened to run). */
  scheduledAt: number | null;
}

export const isFinalAttempt = (ctx: JobContext) => ctx.attempt >= ctx.attempts;
