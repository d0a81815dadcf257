import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { QueueState } from '@jifen/shared';
import { Job, JobsOptions, Queue } from 'bullmq';
import { RedisService } from '../redis/redis.service';
import { fromQueueJobId, toQueueJobId } from './job-ids';
import { JOBS, QUEUES, type JobData, type JobKey, type JobSpec, type QueueName } from './jobs';

export interface EnqueueOptions {
  /** A deterministic id: enqueuing it again gives back the same job. */
  jobId?: string;
  delayMs?: number;
}

const DEFAULT_KEEP_S = 24 * 3600;

/** The options a job of this spec is added with: attempts, exponential backoff, retention. */
export function jobOptions(spec: JobSpec<unknown>): JobsOptions {
  const keep = spec.keepSeconds ?? DEFAULT_KEEP_S;
  return {
    attempts: spec.attempts ?? 1,
    ...(spec.backoffMs ? { backoff: { type: 'exponential', delay: spec.backoffMs } } : {}),
    removeOnComplete: { age: keep, count: 100_000 },
    removeOnFail: { age: Math.max(keep, 7 * 24 * 3600), count: 100_000 },
  };
}

/**
 * The producer side of the queues: typed enqueueing with deterministic ids, and what the
 * admin's queue view reads. Every process has it (the API enqueues, the worker runs).
 */
@Injectable()
export class JobQueues implements OnModuleDestroy {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly logger = new Logger('jobs');

  constructor(private readonly redis: RedisService) {}

  get bullPrefix(): string {
    return `${this.redis.prefix}:bull`;
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.redis.connect(`queue-${name}`, { maxRetriesPerRequest: null }),
        prefix: this.bullPrefix,
      });
      // Redis down: the queue reconnects by itself; the error is logged, not left unhandled.
      q.on('error', (e) => this.logger.warn(`queue ${name}: ${e.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  all(): Queue[] {
    return QUEUES.map((n) => this.queue(n));
  }

  /**
   * Adds a job and returns its id. With a `jobId` that exists already the stored job is
   * returned unchanged (its data is the first caller's); one that failed for good is
   * retried, so running a period again by hand after a failure does run it.
   */
  async enqueue<K extends JobKey>(key: K, data: JobData<K>, opts: EnqueueOptions = {}): Promise<string> {
    const [id] = await this.enqueueMany(key, [{ data, jobId: opts.jobId }], opts.delayMs);
    return id;
  }

  /** Many jobs of one kind in one round trip (a notification to everyone in a bureau). */
  async enqueueMany<K extends JobKey>(
    key: K,
    items: { data: JobData<K>; jobId?: string }[],
    delayMs?: number,
  ): Promise<string[]> {
    if (!items.length) return [];
    const spec: JobSpec<unknown> = JOBS[key];
    const queue = this.queue(spec.queue);
    const base = jobOptions(spec);
    const jobs = await queue.addBulk(
      items.map((i) => ({
        name: spec.name,
        data: i.data,
        opts: {
          ...base,
          ...(delayMs ? { delay: delayMs } : {}),
          ...(i.jobId ? { jobId: toQueueJobId(i.jobId) } : {}),
        },
      })),
    );
    const ids = jobs.map((j) => String(j.id));
    const custom = items.flatMap((i, n) => (i.jobId ? [ids[n]] : []));
    if (custom.length) await this.retryFailed(queue, custom);
    return ids.map(fromQueueJobId);
  }

  private async retryFailed(queue: Queue, ids: string[]): Promise<void> {
    for (const id of ids) {
      const job = await queue.getJob(id);
      if (job && (await job.isFailed())) await job.retry('failed', { resetAttemptsMade: true });
    }
  }

  /** The stored job behind an id given at enqueue time, if Redis still holds it. */
  async find(key: JobKey, jobId: string): Promise<Job | undefined> {
    return this.queue(JOBS[key].queue).getJob(toQueueJobId(jobId));
  }

  async counts(): Promise<{ waiting: number; failed: number }> {
    let waiting = 0;
    let failed = 0;
    for (const q of this.all()) {
      const c = await q.getJobCounts('waiting', 'failed');
      waiting += c.waiting ?? 0;
      failed += c.failed ?? 0;
    }
    return { waiting, failed };
  }

  async overview(failedLimit = 10): Promise<QueueState[]> {
    return Promise.all(
      QUEUES.map(async (name) => {
        const q = this.queue(name);
        const c = await q.getJobCounts('waiting', 'active', 'failed', 'delayed', 'completed');
        const failed = await q.getJobs(['failed'], 0, failedLimit - 1, false);
        return {
          name,
          counts: {
            waiting: c.waiting ?? 0,
            active: c.active ?? 0,
            failed: c.failed ?? 0,
            delayed: c.delayed ?? 0,
            completed: c.completed ?? 0,
          },
          failed: failed
            .filter((j): j is Job => Boolean(j))
            .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
            .map((j) => ({
              id: fromQueueJobId(String(j.id)),
              name: j.name,
              failedReason: j.failedReason ?? '',
              stack: j.stacktrace?.length ? j.stacktrace[j.stacktrace.length - 1] : null,
              attemptsMade: j.attemptsMade,
              failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
              data: j.data,
            })),
        };
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
