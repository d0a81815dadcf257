/**
 * Every queue and job of Jifen, in one place. A job with a schedule is registered as a
 * BullMQ job scheduler at boot (idempotent upsert), so restarting never duplicates it.
 */
export const QUEUES = ['deadlines', 'judgement', 'maintenance', 'publication', 'notifications'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobSpec {
  queue: QueueName;
  name: string;
  /** Repeat every N ms (sweeps), or a cron pattern in the bureau's time zone. */
  every?: number;
  cron?: string;
}

export const JOBS = {
  /** 日巡查: raise warnings and violations that came due, escalate unacknowledged problems. */
  deadlineSweep: { queue: 'deadlines', name: 'sweep', every: 30_000 },
  /** Judge subjects again after something besides their events changed: rules, holidays, transfers. */
  refold: { queue: 'judgement', name: 'refold' },
  /** Keep the outbox to what resuming clients can still ask for. */
  outboxPrune: { queue: 'maintenance', name: 'outbox-prune', cron: '17 3 * * *' },
} as const satisfies Record<string, JobSpec>;

export type JobKey = keyof typeof JOBS;
