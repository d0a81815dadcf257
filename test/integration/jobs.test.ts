import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { JobIdError } from '../../server/src/core/queue/job-ids';
import { QUEUES } from '../../server/src/core/queue/jobs';
import { QueueProbe } from '../support/queue-probe';
import type { TestServer } from '../support/test-server';

/**
 * The job layer on the machine's Redis. The server here runs the API role only, so no worker
 * takes the jobs the tests enqueue and inspect; schedulers are registered by worker
 * processes of the built server (`node scripts/build.mjs` first) that the test starts.
 */
const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'server', 'dist', 'main.js');

let s: TestServer;
let probe: QueueProbe;
beforeAll(async () => {
  probe = await QueueProbe.apiServer();
  s = probe.server;
});
afterAll(() => probe.stop());
const jobs = () => probe.jobs;

describe('typed enqueueing', () => {
  it('gives back the same job for the same id, with the first caller’s data', async () => {
    const id = 'notify:cause-1:in_app:user-1';
    const first = await jobs().enqueue('notifyInApp', { deliveryId: 'first' }, { jobId: id });
    const second = await jobs().enqueue('notifyInApp', { deliveryId: 'second' }, { jobId: id });
    expect(first).toBe(id);
    expect(second).toBe(id);
    const stored = (await jobs().find('notifyInApp', id))!;
    expect(stored.id).toBe('notify|cause-1|in_app|user-1');
    expect(stored.data).toEqual({ deliveryId: 'first' });
    expect(stored.name).toBe('in-app');
    expect(await probe.queue('notifications').getJobCountByTypes('waiting')).toBe(1);
  });

  it('adds the job with its declared attempts, exponential backoff and retention', async () => {
    await jobs().enqueue('notifyWebhook', { deliveryId: 'w' }, { jobId: 'notify:cause-2:webhook:e-1' });
    const job = (await jobs().find('notifyWebhook', 'notify:cause-2:webhook:e-1'))!;
    expect(job.opts).toMatchObject({
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
    });
    expect(job.queueName).toBe('webhooks');
  });

  it('gives a job without an id an id of its own, each time', async () => {
    const a = await jobs().enqueue('notifyEmail', { deliveryId: 'a' });
    const b = await jobs().enqueue('notifyEmail', { deliveryId: 'a' });
    expect(a).not.toBe(b);
  });

  it('refuses an id BullMQ could not store, before touching Redis', async () => {
    await expect(jobs().enqueue('notifyEmail', { deliveryId: 'x' }, { jobId: 'a b' })).rejects.toThrow(
      JobIdError,
    );
    await expect(jobs().enqueue('notifyEmail', { deliveryId: 'x' }, { jobId: '2026' })).rejects.toThrow(
      /bare number/,
    );
  });

  it('runs a job that failed for good again when its id is enqueued again', async () => {
    const id = 'notify:cause-3:email:user-3';
    const failed = await probe.failOnly(
      'notifications',
      () => jobs().enqueue('notifyEmail', { deliveryId: 'm' }, { jobId: id }),
      'smtp down',
    );
    expect(failed.id).toBe('notify|cause-3|email|user-3');
    expect(await (await jobs().find('notifyEmail', id))!.getState()).toBe('failed');
    expect(await jobs().enqueue('notifyEmail', { deliveryId: 'm' }, { jobId: id })).toBe(id);
    const again = (await jobs().find('notifyEmail', id))!;
    expect(await again.getState()).toBe('waiting');
    expect(again.attemptsMade).toBe(0);
  });
});

describe('job schedulers', () => {
  /** A worker process of the built server on the test's database and Redis prefix. */
  function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        JIFEN_ROLE: 'worker',
        DATABASE_URL: s.config.database.driver === 'postgres' ? s.config.database.url : '',
        JIFEN_REDIS_PREFIX: s.config.redisPrefix,
        JIFEN_ADMIN_PASSWORD: 'integration-admin-pw',
        JIFEN_DEMO: '0',
        JIFEN_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Jifen worker is running')) resolve(child);
      });
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${out}`)));
    });
  }

  async function stop(children: ChildProcess[]) {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            c.removeAllListeners('exit');
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
  }

  /** Scheduler ids per queue, and the jobs each has pending (the next run, or the one running). */
  async function schedulers() {
    const out: Record<string, { schedulers: string[]; pending: number }> = {};
    for (const name of QUEUES) {
      const q = probe.queue(name);
      const ids = (await q.getJobSchedulers(0, -1)).map((x) => x.key).sort();
      const pending = await q.getJobs(['delayed', 'waiting', 'active', 'prioritized']);
      out[name] = { schedulers: ids, pending: pending.filter((j) => j?.repeatJobKey).length };
    }
    return out;
  }

  it('registers each schedule once, however many workers start and restart', async () => {
    // a schedule that jobs.ts no longer declares, left over from an earlier version
    await probe
      .queue('maintenance')
      .upsertJobScheduler('retired-report', { pattern: '0 6 * * *' }, { name: 'retired-report' });

    for (let round = 0; round < 2; round++) {
      const both = await Promise.all([startWorker(), startWorker()]);
      await stop(both);
    }
    const state = await schedulers();
    expect(state).toEqual({
      deadlines: { schedulers: ['sweep'], pending: 1 },
      judgement: { schedulers: [], pending: 0 },
      maintenance: { schedulers: ['outbox-prune', 'partitions'], pending: 2 },
      publication: {
        schedulers: ['annual-assessment', 'daily-notice', 'monthly-airing', 'quarterly-notice', 'reissue'],
        pending: 5,
      },
      notifications: { schedulers: [], pending: 0 },
      webhooks: { schedulers: [], pending: 0 },
    });
    const next = (await probe.queue('maintenance').getJobs(['delayed'])).find(
      (j) => j.name === 'outbox-prune',
    )!;
    // 03:17 in the bureau's zone
    expect(
      new Date(next.timestamp + next.delay).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai' }),
    ).toBe('03:17:00');
    // the monthly airing: 00:10 on the 1st, in the bureau's zone
    const airing = (await probe.queue('publication').getJobs(['delayed'])).find(
      (j) => j.name === 'monthly-airing',
    )!;
    expect(
      new Date(airing.timestamp + airing.delay).toLocaleString('en-GB', { timeZone: 'Asia/Shanghai' }),
    ).toMatch(/^01\/\d\d\/\d{4}, 00:10:00$/);
  }, 120_000);
});
