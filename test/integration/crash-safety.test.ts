import type { CreatedToken, IngestAnswer, Leaderboard, LoginAnswer } from '@jifen/shared';
import Redis from 'ioredis';
import { Client } from 'pg';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { createDatabase, dropDatabase, uniqueName } from '../support/databases';
import { JifenProcess } from '../support/process';
import { eventually } from '../support/receivers';

/**
 * The server is killed with SIGKILL while sources post batches as fast as it takes them, then
 * started again, and the sources post everything again (they cannot know what the dead server
 * stored). A 2xx is a promise: every event of an answered batch is scored exactly once; every
 * other event is scored exactly once after the re-post; no batch is ever half stored.
 * (The worker killed mid-publication: publication-worker-kill.test.ts.)
 */
const BATCHES = 60;
const BATCH = 100;
const POSTERS = 3;
const KILL_AFTER = 12;
const POINTS = 10; // BASE_CRIM_FILED, primary officer, no monthly cap

const dbName = uniqueName('jifen_crash');
const prefix = uniqueName('jcrash');
let databaseUrl: string;
let pg: Client;
const processes: JifenProcess[] = [];

beforeAll(async () => {
  databaseUrl = await createDatabase(dbName);
});
afterAll(async () => {
  for (const p of processes) await p.kill();
  await pg?.end();
  await dropDatabase(dbName);
  const r = new Redis();
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  await r.quit();
});

async function start(): Promise<{ proc: JifenProcess; url: string }> {
  const proc = new JifenProcess({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JIFEN_REDIS_PREFIX: prefix,
    JIFEN_ADMIN_PASSWORD: 'integration-admin-pw',
    JIFEN_JWT_SECRET: 'crash-safety-test-secret-0123456789abcdef',
    JIFEN_DEMO: '0',
    JIFEN_LOG_LEVEL: 'error',
  });
  processes.push(proc);
  const line = await proc.waitForLine(/Console:\s+http:\/\/\S+\/console/, 60_000);
  return { proc, url: /(http:\/\/\S+)\/console/.exec(line)![1] };
}

async function call<T>(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

type Outcome = { batch: number; status: number | 'no answer'; answer?: IngestAnswer };

it('every answered event is scored exactly once after a SIGKILL mid-stream, every other once after the re-post', async () => {
  let { proc, url } = await start();
  const admin = (
    await call<LoginAnswer>(url, 'POST', '/api/auth/login', {
      username: 'admin',
      password: 'integration-admin-pw',
    })
  ).body.accessToken;
  expect(
    (await call(url, 'POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, admin)).status,
  ).toBe(200);
  const ingest = (
    await call<CreatedToken>(url, 'POST', '/api/tokens', { kind: 'ingest', label: 'source' }, admin)
  ).body.token;

  const at = new Date().toISOString();
  const batches: RawEvent[][] = Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH }, (_, i) => {
      const o = OFFICERS[(b * BATCH + i) % OFFICERS.length];
      return event('case.filed', {
        eventId: `crash-${b}-${i}`,
        occurredAt: at,
        unitCode: o.unitCode,
        subject: { kind: 'case', ref: `CRASH-${b}-${i}` },
        officers: [{ badgeNo: o.badgeNo, role: 'primary' }],
      });
    }),
  );

  // Several sources post side by side, each its share in turn, until the server is gone.
  const outcomes: Outcome[] = [];
  let next = 0;
  let answered = 0;
  let killed: Promise<unknown> | null = null;
  async function poster() {
    while (next < BATCHES) {
      const b = next++;
      try {
        const r = await call<IngestAnswer>(url, 'POST', '/api/events', { events: batches[b] }, ingest);
        outcomes.push({ batch: b, status: r.status, answer: r.body });
        if (r.status === 200 && ++answered === KILL_AFTER) killed = proc.kill();
      } catch {
        outcomes.push({ batch: b, status: 'no answer' });
        return;
      }
    }
  }
  await Promise.all(Array.from({ length: POSTERS }, poster));
  expect((await killed) as unknown).toMatchObject({ signal: 'SIGKILL' });

  const ok = outcomes.filter((o) => o.status === 200);
  const unanswered = outcomes.filter((o) => o.status === 'no answer');
  expect(outcomes.every((o) => o.status === 200 || o.status === 'no answer')).toBe(true);
  expect(ok.length).toBeGreaterThanOrEqual(KILL_AFTER);
  // The kill landed mid-stream: batches were in flight when the process died.
  expect(unanswered.length).toBeGreaterThanOrEqual(1);
  for (const o of ok) expect(o.answer).toEqual({ accepted: BATCH, duplicates: 0, rejected: [] });

  // What the dead server left: every answered batch whole, every other batch whole or not at all.
  pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const storedPerBatch = new Map<number, number>(
    (
      await pg.query<{ b: number; n: number }>(
        `SELECT split_part("eventId", '-', 2)::int AS b, count(*)::int AS n FROM events GROUP BY 1`,
      )
    ).rows.map((r) => [r.b, r.n]),
  );
  for (const o of ok) expect([o.batch, storedPerBatch.get(o.batch)]).toEqual([o.batch, BATCH]);
  for (const [b, n] of storedPerBatch) expect([b, n]).toEqual([b, BATCH]);

  // Started again, the sources post everything once more.
  ({ proc, url } = await start());
  const reposted: IngestAnswer[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const r = await call<IngestAnswer>(url, 'POST', '/api/events', { events: batches[b] }, ingest);
    expect(r.status).toBe(200);
    reposted.push(r.body);
  }
  for (const o of ok) expect(reposted[o.batch]).toEqual({ accepted: 0, duplicates: BATCH, rejected: [] });
  for (let b = 0; b < BATCHES; b++) {
    const before = storedPerBatch.get(b) ?? 0;
    expect(reposted[b]).toEqual({ accepted: BATCH - before, duplicates: before, rejected: [] });
  }

  // Exactly once: one ledger row per event, the rule's points, nothing reversed or booked twice.
  const perEvent = await pg.query<{ rows: number; events: number; points: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT "sourceRef")::int AS events, sum(points)::int AS points
       FROM ledger_entries`,
  );
  const ledgerUnit = (await pg.query(`SELECT points FROM ledger_entries LIMIT 1`)).rows[0].points as number;
  expect(perEvent.rows[0]).toEqual({
    rows: BATCHES * BATCH,
    events: BATCHES * BATCH,
    points: BATCHES * BATCH * ledgerUnit,
  });
  expect((await pg.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n).toBe(BATCHES * BATCH);
  const odd = await pg.query(
    `SELECT "sourceRef", count(*) FROM ledger_entries GROUP BY 1 HAVING count(*) <> 1 OR min(points) <> max(points)`,
  );
  expect(odd.rows).toEqual([]);

  // The leaderboard, kept by the restarted relay, shows each officer the catalogue's points.
  const month = (await call<Leaderboard>(url, 'GET', '/api/leaderboard', undefined, admin)).body.period;
  const perOfficer = (BATCHES * BATCH) / OFFICERS.length;
  await eventually(async () => {
    const board = await call<Leaderboard>(url, 'GET', `/api/leaderboard?period=${month}`, undefined, admin);
    expect(Object.fromEntries(board.body.rows.map((r) => [r.badgeNo, r.total]))).toEqual(
      Object.fromEntries(OFFICERS.map((o) => [o.badgeNo, perOfficer * POINTS])),
    );
  }, 30_000);
}, 85_000);
