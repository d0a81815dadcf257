import type { CreatedToken, IngestAnswer } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { JifenProcess } from '../support/process';
import { eventually } from '../support/receivers';
import { startTestServer, type TestServer } from '../support/test-server';
import { createUser, type LoggedInUser } from '../support/users';

/**
 * The dispatcher and the delivery jobs live in a worker process, which is killed (SIGKILL)
 * while it is turning a burst of problems into notifications. A second worker takes over the
 * cursor in Postgres and the stalled jobs in Redis: every cause reaches each recipient once,
 * and no delivery is tried twice.
 */
const PROBLEMS = 600;
let s: TestServer;
let ingest: string;
let officer: LoggedInUser;
let supervisor: LoggedInUser;
const workers: JifenProcess[] = [];

beforeAll(async () => {
  // This process only serves the API: the dispatcher and the jobs run in the workers below.
  s = await startTestServer({ env: { JIFEN_ROLE: 'api' } });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
  officer = await createUser(s, 'off-1', { role: 'officer', badgeNo: '100001' });
  supervisor = await createUser(s, 'sup-s1', { role: 'supervisor', unitCode: 'S1' });
});

afterAll(async () => {
  for (const w of workers) await w.kill();
  await s.stop();
});

function startWorker(): JifenProcess {
  const w = new JifenProcess({
    DATABASE_URL: (s.config.database as { url: string }).url,
    JIFEN_REDIS_PREFIX: s.config.redisPrefix,
    REDIS_URL: s.config.redisUrl,
    JIFEN_ROLE: 'worker',
    JIFEN_DEMO: '0',
    JIFEN_LOG_FORMAT: 'json',
    JIFEN_LOG_LEVEL: 'log',
  });
  workers.push(w);
  return w;
}

const count = async (sql: string) =>
  Number((await s.jifen.app.get(DataSource).query<{ n: string }[]>(sql))[0].n);

it('a worker killed mid-dispatch: its successor finishes, nobody gets anything twice', async () => {
  const first = startWorker();
  await first.waitForLine(/notification dispatcher from seq/);

  const events = Array.from({ length: PROBLEMS }, (_, i) =>
    event('case.overturned', {
      subject: { kind: 'case', ref: `KILL-${i}` },
      // reported as it happens: one problem per event, no late-entry one besides
      occurredAt: new Date(s.clock.now()).toISOString(),
      officers: [{ badgeNo: '100001', role: 'primary' }],
    }),
  );
  const r = await s.api<IngestAnswer>('POST', '/api/events', { events }, ingest);
  expect(r.body.accepted).toBe(PROBLEMS);
  expect(await count('SELECT count(*) AS n FROM problems')).toBe(PROBLEMS);

  // Kill it while it is handing the burst over: some causes known, not all.
  const told = await eventually(async () => {
    const n = await count('SELECT count(*) AS n FROM notification_causes');
    if (n < 50) throw new Error(`${n} causes so far`);
    return n;
  }, 30_000);
  expect((await first.kill()).signal).toBe('SIGKILL');
  expect(told).toBeLessThan(PROBLEMS);
  const causesAtKill = await count('SELECT count(*) AS n FROM notification_causes');
  expect(causesAtKill).toBeLessThan(PROBLEMS);

  const second = startWorker();
  await second.waitForLine(/notification dispatcher from seq/, 30_000);
  // Its lease expires, the successor resumes; jobs the killed one held are found stalled.
  await eventually(async () => {
    expect(await count("SELECT count(*) AS n FROM notification_deliveries WHERE status = 'delivered'")).toBe(
      2 * PROBLEMS,
    );
  }, 90_000);

  expect(await count('SELECT count(*) AS n FROM notification_causes')).toBe(PROBLEMS);
  expect(await count('SELECT count(*) AS n FROM notification_deliveries')).toBe(2 * PROBLEMS);
  // one try per delivery: none was sent again after it had gone
  expect(await count('SELECT count(*) AS n FROM notification_delivery_attempts')).toBe(2 * PROBLEMS);
  for (const u of [officer, supervisor]) {
    expect(
      await count(`SELECT count(DISTINCT "causeId") AS n FROM notification_inbox WHERE "userId" = '${u.id}'`),
    ).toBe(PROBLEMS);
    expect(await count(`SELECT count(*) AS n FROM notification_inbox WHERE "userId" = '${u.id}'`)).toBe(
      PROBLEMS,
    );
  }
}, 150_000);
