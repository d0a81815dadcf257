import { Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { JobQueues } from '../../server/src/core/queue/job-queues';
import type { QueueName } from '../../server/src/core/queue/jobs';
import { startTestServer, type TestServer } from './test-server';

/** Direct access to a test server's BullMQ queues, for looking at what the job layer stored. */
export class QueueProbe {
  private readonly redis: Redis;
  private readonly open: Queue[] = [];

  constructor(readonly server: TestServer) {
    this.redis = new Redis(server.config.redisUrl, { maxRetriesPerRequest: null });
  }

  /** A server in the API role, so no worker takes what the tests enqueue, with a probe on it. */
  static async apiServer(): Promise<QueueProbe> {
    return new QueueProbe(await startTestServer({ env: { JIFEN_ROLE: 'api' } }));
  }

  /** The server's own producer side. */
  get jobs(): JobQueues {
    return this.server.jifen.app.get(JobQueues);
  }

  private get prefix(): string {
    return `${this.server.config.redisPrefix}:bull`;
  }

  queue(name: QueueName): Queue {
    const q = new Queue(name, { connection: this.redis, prefix: this.prefix });
    this.open.push(q);
    return q;
  }

  /**
   * Takes the queue's only waiting job and fails it for good, as a worker would after its
   * last try (the queue is emptied first, so the job taken is the one just enqueued).
   */
  async failOnly(name: QueueName, enqueue: () => Promise<unknown>, reason: string): Promise<Job> {
    await this.queue(name).drain();
    await enqueue();
    const connection = this.redis.duplicate();
    const worker = new Worker(name, null, { connection, prefix: this.prefix, autorun: false });
    try {
      const job = (await worker.getNextJob('test-token'))!;
      job.discard();
      await job.moveToFailed(new Error(reason), 'test-token', false);
      return job;
    } finally {
      await worker.close();
      await connection.quit();
    }
  }

  async stop(): Promise<void> {
    for (const q of this.open) await q.close();
    await this.redis.quit();
    await this.server.stop();
  }
}
