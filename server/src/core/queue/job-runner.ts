import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, Queue, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { RedisService } from '../redis/redis.service';
import { JOBS, QUEUES, type JobKey, type QueueName } from './jobs';
import { ON_JOB } from './on-job';

type Handler = (data: unknown) => Promise<unknown>;

/**
 * Finds the @OnJob handlers, checks every job has exactly one, and (in the worker role)
 * runs BullMQ workers and registers the job schedulers.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('jobs');
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<JobKey, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get bullPrefix(): string {
    return `${this.redis.prefix}:bull`;
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.redis.connect(`queue-${name}`, { maxRetriesPerRequest: null }),
        prefix: this.bullPrefix,
      });
      this.queues.set(name, q);
    }
    return q;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.collectHandlers();
    const missing = (Object.keys(JOBS) as JobKey[]).filter((k) => !this.handlers.has(k));
    if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
    if (this.config.role === 'api') return;
    for (const queue of QUEUES) {
      const jobs = (Object.keys(JOBS) as JobKey[]).filter((k) => JOBS[k].queue === queue);
      if (!jobs.length) continue;
      const worker = new Worker(queue, (job: Job) => this.dispatch(queue, job), {
        connection: this.redis.connect(`worker-${queue}`, { maxRetriesPerRequest: null }),
        prefix: this.bullPrefix,
        concurrency: 1,
      });
      worker.on('failed', (job, err) => this.logger.warn(`${queue}/${job?.name} failed: ${err.message}`));
      this.workers.push(worker);
      for (const key of jobs) {
        const spec: { name: string; every?: number; cron?: string } = JOBS[key];
        if (spec.every || spec.cron) {
          await this.queue(queue).upsertJobScheduler(
            spec.name,
            spec.every ? { every: spec.every } : { pattern: spec.cron, tz: this.config.timeZone },
            { name: spec.name, opts: { removeOnComplete: 100, removeOnFail: 500 } },
          );
        }
      }
    }
    this.logger.log(`workers running for ${this.workers.length} queue(s)`);
  }

  private collectHandlers(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const key = this.reflector.get<JobKey | undefined>(ON_JOB, proto[method]);
        if (!key) continue;
        if (this.handlers.has(key)) throw new Error(`job ${key} has two handlers`);
        this.handlers.set(key, (data) =>
          (instance[method] as (d: unknown) => Promise<unknown>).call(instance, data),
        );
      }
    }
  }

  private async dispatch(queue: QueueName, job: Job): Promise<unknown> {
    const key = (Object.keys(JOBS) as JobKey[]).find(
      (k) => JOBS[k].queue === queue && JOBS[k].name === job.name,
    );
    if (!key) throw new Error(`no job ${queue}/${job.name}`);
    return this.handlers.get(key)!(job.data);
  }

  /** Runs a job's handler in this process, now (tests, and the API answering at once). */
  async runNow(key: JobKey, data: unknown = {}): Promise<unknown> {
    const h = this.handlers.get(key);
    if (!h) throw new Error(`no handler for ${key}`);
    return h(data);
  }

  async counts(): Promise<{ waiting: number; failed: number }> {
    let waiting = 0;
    let failed = 0;
    for (const queue of QUEUES) {
      const c = await this.queue(queue).getJobCounts('waiting', 'failed');
      waiting += c.waiting ?? 0;
      failed += c.failed ?? 0;
    }
    return { waiting, failed };
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
