import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { RedisService } from '../redis/redis.service';
import { fromQueueJobId } from './job-ids';
import { JobQueues } from './job-queues';
import {
  JOBS,
  QUEUE_CONCURRENCY,
  QUEUES,
  type JobContext,
  type JobData,
  type JobKey,
  type JobSpec,
  type QueueName,
} from './jobs';
import { ON_JOB, indexHandlers, type AnyJobHandler } from './on-job';

const JOB_KEYS = Object.keys(JOBS) as JobKey[];
const SCHEDULED_KEEP = { removeOnComplete: 100, removeOnFail: 500 };
/** How often a worker checks that Redis still holds the schedulers (it may have been flushed or restarted empty). */
const RECONCILE_MS = 15_000;

/**
 * Finds the @OnJob handlers, checks every job has exactly one, and (in the worker role)
 * runs BullMQ workers and registers the job schedulers.
 *
 * Schedulers and waiting jobs live only in Redis. A Redis that restarted empty or was flushed
 * has lost them, and nothing would sweep deadlines again until a restart. So every worker
 * registers the schedulers again (upserting is idempotent) at every reconnect and every
 * RECONCILE_MS; and when a marker it keeps in Redis is gone, Redis lost its state: the
 * listeners given to `onStateLost` then enqueue again what they know is due (missed
 * publications), from their records in the database.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('jobs');
  private readonly workers: Worker[] = [];
  private handlers = new Map<JobKey, AnyJobHandler>();
  private readonly lostListeners: (() => Promise<unknown>)[] = [];
  private reconciling: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly redis: RedisService,
    private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handlers = indexHandlers(JOB_KEYS, this.discoverHandlers());
    if (this.config.role === 'api') return;
    for (const queue of QUEUES) {
      const keys = JOB_KEYS.filter((k) => JOBS[k].queue === queue);
      if (!keys.length) continue;
      const worker = new Worker(queue, (job: Job) => this.dispatch(queue, job), {
        connection: this.redis.connect(`worker-${queue}`, { maxRetriesPerRequest: null }),
        prefix: this.queues.bullPrefix,
        concurrency: QUEUE_CONCURRENCY[queue],
        // A job whose worker died is looked for and taken over within about twice the lock.
        lockDuration: this.config.jobLockMs,
        stalledInterval: this.config.jobLockMs,
      });
      // Redis down: the worker reconnects by itself; say so once per failure, not as an unhandled error.
      worker.on('error', (err) => this.logger.warn(`${queue} worker: ${err.message}`));
      worker.on('failed', (job, err) =>
        this.logger.warn(`${queue}/${job?.name} ${job?.id ?? ''} failed: ${err.message}`),
      );
      this.workers.push(worker);
      await this.registerSchedulers(queue, keys);
    }
    await this.redis.client.set(this.markerKey, String(Date.now()));
    const watch = this.redis.connect('jobs-watch');
    // `ready` after a reconnect: Redis may have come back empty.
    let first = true;
    watch.on('ready', () => (first ? (first = false) : this.reconcile()));
    this.timer = setInterval(() => this.reconcile(), RECONCILE_MS);
    this.logger.log(`workers running for ${this.workers.length} queue(s)`);
  }

  private get markerKey(): string {
    return this.redis.key('jobs', 'registered');
  }

  /** Called, in the worker role, when Redis is found to have lost its jobs and schedulers. */
  onStateLost(listener: () => Promise<unknown>): void {
    this.lostListeners.push(listener);
  }

  /** Registers the schedulers again; when Redis lost its state, tells the listeners. One at a time. */
  reconcile(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.reconciling ??= this.reconcileOnce()
      .catch((e: Error) => this.logger.warn(`job schedulers: ${e.message}`))
      .finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const lost = (await this.redis.client.exists(this.markerKey)) === 0;
    for (const queue of QUEUES) {
      const keys = JOB_KEYS.filter((k) => JOBS[k].queue === queue);
      if (keys.length) await this.registerSchedulers(queue, keys);
    }
    if (!lost) return;
    this.logger.warn('Redis lost the job schedulers and queued jobs: registered again, catching up');
    for (const listener of this.lostListeners) await listener();
    await this.redis.client.set(this.markerKey, String(Date.now()));
  }

  /**
   * Upserts the queue's schedulers (same id → same scheduler, whichever process gets there
   * first) and removes the ones no longer declared, so a renamed or dropped schedule does not
   * keep firing from Redis.
   */
  private async registerSchedulers(queue: QueueName, keys: JobKey[]): Promise<void> {
    const q = this.queues.queue(queue);
    const declared = new Set<string>();
    for (const key of keys) {
      const spec: JobSpec<unknown> = JOBS[key];
      if (!spec.every && !spec.cron) continue;
      declared.add(spec.name);
      await q.upsertJobScheduler(
        spec.name,
        spec.every ? { every: spec.every } : { pattern: spec.cron, tz: this.config.timeZone },
        { name: spec.name, opts: SCHEDULED_KEEP },
      );
    }
    for (const s of await q.getJobSchedulers(0, -1)) {
      if (!declared.has(s.key)) await q.removeJobScheduler(s.key);
    }
  }

  private discoverHandlers(): { key: JobKey; handler: AnyJobHandler; owner: string }[] {
    const found: { key: JobKey; handler: AnyJobHandler; owner: string }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const key = this.reflector.get<JobKey | undefined>(ON_JOB, proto[method]);
        if (!key) continue;
        const fn = instance[method] as AnyJobHandler;
        found.push({
          key,
          owner: `${proto.constructor.name}.${method}`,
          handler: (data, ctx) => fn.call(instance, data, ctx),
        });
      }
    }
    return found;
  }

  private async dispatch(queue: QueueName, job: Job): Promise<unknown> {
    const key = JOB_KEYS.find((k) => JOBS[k].queue === queue && JOBS[k].name === job.name);
    if (!key) throw new Error(`no job ${queue}/${job.name}`);
    const ctx: JobContext = {
      id: fromQueueJobId(String(job.id)),
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
      scheduledAt: job.opts.repeat ? (job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0)) : null,
    };
    return this.handlers.get(key)!(job.data, ctx);
  }

  /** Runs a job's handler in this process, now (tests, and the API answering at once). */
  async runNow<K extends JobKey>(
    key: K,
    data: JobData<K> = {} as JobData<K>,
    ctx: Partial<JobContext> = {},
  ): Promise<unknown> {
    const h = this.handlers.get(key);
    if (!h) throw new Error(`no handler for ${key}`);
    return h(data, { id: `now:${key}`, attempt: 1, attempts: 1, scheduledAt: null, ...ctx });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.reconciling;
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
