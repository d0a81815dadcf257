import type { CreatedToken, IngestAnswer, MonthlyAiring } from '@jifen/shared';
import { monthOf } from '@jifen/shared';
import { Client } from 'pg';
import { previousPeriod } from '../../server/src/modules/publication/domain/periods';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { JifenProcess } from '../support/process';
import { QueueProbe } from '../support/queue-probe';
import type { TestServer } from '../support/test-server';

/**
 * A worker killed with SIGKILL in the middle of an airing: the job is taken up again by
 * another worker and the month is published once, complete. The API server here runs no
 * worker; the workers are processes of the built server (`node scripts/build.mjs` first).
 */
let probe: QueueProbe;
let s: TestServer;
let pg: Client;
let holder: Client;
const workers: JifenProcess[] = [];

beforeAll(async () => {
  probe = await QueueProbe.apiServer();
  s = probe.server;
  if (s.config.database.driver !== 'postgres') throw new Error('this test reads Postgres directly');
  pg = new Client({ connectionString: s.config.database.url });
  holder = new Client({ connectionString: s.config.database.url });
  await Promise.all([pg.connect(), holder.connect()]);
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await Promise.all([pg?.end(), holder?.end()]);
  await probe.stop();
});

function startWorker(): JifenProcess {
  const w = new JifenProcess({
    JIFEN_ROLE: 'worker',
    DATABASE_URL: s.config.database.driver === 'postgres' ? s.config.database.url : '',
    JIFEN_REDIS_PREFIX: s.config.redisPrefix,
    JIFEN_ADMIN_PASSWORD: 'integration-admin-pw',
    JIFEN_DEMO: '0',
    JIFEN_LOG_LEVEL: 'log',
    JIFEN_TIMEZONE: s.config.timeZone,
    // The dead worker's job is taken over within about twice this, not the default minute or more.
    JIFEN_JOB_LOCK_SECONDS: '5',
  });
  workers.push(w);
  return w;
}

async function until<T>(what: string, probeFn: () => Promise<T | null | undefined | false>, ms = 90_000) {
  const start = Date.now();
  for (;;) {
    const v = await probeFn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('publishes the month once, complete, after the worker airing it is killed', async () => {
  // The month just ended by the real clock: the worker processes run on it.
  const month = previousPeriod('monthly', monthOf(Date.now(), s.config.timeZone));
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  const ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
  const events = OFFICERS.map((o, i) =>
    event('case.filed', {
      occurredAt: `${month}-1${i}T10:00:00+08:00`,
      unitCode: o.unitCode,
      officers: [{ badgeNo: o.badgeNo, role: 'primary' }],
    }),
  );
  const posted = await s.api<IngestAnswer>('POST', '/api/events', { events, backfill: true }, ingest);
  expect(posted.body.accepted).toBe(events.length);

  const first = startWorker();
  await first.waitForLine(/Jifen worker is running/);
  // Reads go on, writes to the snapshots wait: the airing gets as far as storing its snapshot.
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE publication_snapshots IN EXCLUSIVE MODE');
  const run = await s.api<{ jobId: string }>(
    'POST',
    `/api/publications/monthly/${month}/run`,
    undefined,
    s.adminToken,
  );
  expect(run.body.jobId).toBe(`airing:${month}`);
  await until('the airing waiting to store its snapshot', async () => {
    const r = await pg.query(
      `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "publication_snapshots"%'`,
    );
    return r.rowCount! > 0;
  });
  expect(await (await probe.jobs.find('publish', `airing:${month}`))!.getState()).toBe('active');

  await first.kill();
  await holder.query('COMMIT');
  expect((await pg.query(`SELECT COUNT(*)::int AS n FROM publication_snapshots`)).rows[0].n).toBe(0);

  // Another worker finds the job stalled (its lock expired with the dead worker) and runs it again.
  startWorker();
  const airing = await until('the airing published', async () => {
    const r = await s.api<MonthlyAiring>(
      'GET',
      `/api/publications/monthly/${month}`,
      undefined,
      s.adminToken,
    );
    return r.status === 200 && r.body;
  });
  expect(airing.version).toBe(1);
  expect(airing.rows).toHaveLength(OFFICERS.length);
  expect(airing.rows.every((r) => r.total === 10)).toBe(true);
  const stored = await pg.query(`SELECT kind, period, version FROM publication_snapshots`);
  expect(stored.rows).toEqual([{ kind: 'monthly', period: month, version: 1 }]);
  const announced = await pg.query(`SELECT payload FROM outbox WHERE kind = 'publication.published'`);
  expect(announced.rows.map((r) => JSON.parse(r.payload))).toEqual([
    { kind: 'monthly', period: month, version: 1, scope: { unitCode: 'B1', unitName: '测试县公安局' } },
  ]);
  expect(await (await probe.jobs.find('publish', `airing:${month}`))!.getState()).toBe('completed');
}, 150_000);
