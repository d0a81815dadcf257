import type { ErrorBody, IngestAnswer } from '@jifen/shared';
import { Client } from 'pg';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { createToken } from '../support/tokens';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Postgres drops the server's connections (a failover, an administrator, a network cut) while
 * a batch is being written: the batch fails whole with a clear 503, nothing of it is stored,
 * and the next batch is taken as if nothing had happened.
 */
const BATCH = 1000;
let s: TestServer;
let pg: Client;
let ingest: string;

beforeAll(async () => {
  s = await startTestServer();
  if (s.config.database.driver !== 'postgres') throw new Error('this test needs Postgres');
  pg = new Client({ connectionString: s.config.database.url });
  await pg.connect();
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (await createToken(s, { kind: 'ingest', label: 'source' })).token;
}, 60_000);
afterAll(async () => {
  await pg?.end();
  await s?.stop();
});

const now = () => new Date(s.clock.now()).toISOString();
const batch = (tag: string, n: number) =>
  OFFICERS.flatMap((o) =>
    Array.from({ length: Math.ceil(n / OFFICERS.length) }, (_, i) =>
      event('case.filed', {
        eventId: `${tag}-${o.badgeNo}-${i}`,
        occurredAt: now(),
        unitCode: o.unitCode,
        subject: { kind: 'case', ref: `${tag}-${o.badgeNo}-${i}` },
        officers: [{ badgeNo: o.badgeNo, role: 'primary' }],
      }),
    ),
  ).slice(0, n);

const TABLES = [
  'events',
  'event_ids',
  'subjects',
  'obligations',
  'ledger_entries',
  'ledger_source_keys',
  'outbox',
];
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = (await pg.query(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n;
  return out;
}

/** The server's own backends on its database that are inside a transaction writing something. */
async function writingBackends(): Promise<number[]> {
  const r = await pg.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND backend_xid IS NOT NULL`,
  );
  return r.rows.map((x) => x.pid);
}

it('a batch whose connection is cut fails whole with 503 DATABASE.UNAVAILABLE; the next one is taken', async () => {
  const first = await s.api<IngestAnswer>('POST', '/api/events', { events: batch('before', 60) }, ingest);
  expect(first.status).toBe(200);
  expect(first.body.accepted).toBe(60);
  const before = await counts();

  const doomed = batch('cut', BATCH);
  const answer = s.api<ErrorBody>('POST', '/api/events', { events: doomed }, ingest);
  // Wait until the batch has written something inside its transaction, then cut every
  // connection the server holds, as a failover does.
  let cut: number[] = [];
  for (const start = Date.now(); !cut.length;) {
    if (Date.now() - start > 30_000) throw new Error('the batch never started writing');
    const writing = await writingBackends();
    if (writing.length) {
      const all = await pg.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      cut = all.rows.map((x) => x.pid);
      await pg.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [cut]);
    }
  }
  const failed = await answer;
  expect(failed.status).toBe(503);
  expect(failed.body).toEqual({
    statusCode: 503,
    code: 'DATABASE.UNAVAILABLE',
    message: expect.stringMatching(/database/i),
    messageZh: expect.stringContaining('数据库'),
  });
  expect(JSON.stringify(failed.body)).not.toMatch(/at \w+ \(|node_modules|terminating connection/);

  // Nothing of the batch is stored: every table is as it was before it.
  expect(await counts()).toEqual(before);
  const stored = await pg.query(`SELECT count(*)::int AS n FROM events WHERE "eventId" LIKE 'cut-%'`);
  expect(stored.rows[0].n).toBe(0);

  // The server is still up and takes the same batch again, whole.
  const again = await s.api<IngestAnswer>('POST', '/api/events', { events: doomed }, ingest);
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ accepted: BATCH, duplicates: 0, rejected: [] });
  const after = await counts();
  expect(after.events).toBe(before.events + BATCH);
  const ledger = await pg.query(
    `SELECT count(*)::int AS n, count(DISTINCT "sourceKey")::int AS keys FROM ledger_entries WHERE "sourceRef" LIKE 'cut-%'`,
  );
  expect(ledger.rows[0]).toEqual({ n: BATCH, keys: BATCH });

  // And one more, new: the pool has no dead connection left to hand out.
  const next = await s.api<IngestAnswer>('POST', '/api/events', { events: batch('after', 60) }, ingest);
  expect(next.status).toBe(200);
  expect(next.body.accepted).toBe(60);
}, 80_000);

it('reads answer 200 or the same clear 503 while connections are cut, and the relay carries on', async () => {
  const all = await pg.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  await pg.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [
    all.rows.map((x) => x.pid),
  ]);
  const month = now().slice(0, 7);
  const answers = await Promise.all(
    Array.from({ length: 8 }, () =>
      s.api<ErrorBody>('GET', `/api/leaderboard?period=${month}`, undefined, s.adminToken),
    ),
  );
  for (const a of answers)
    if (a.status !== 200) expect(a.body).toMatchObject({ statusCode: 503, code: 'DATABASE.UNAVAILABLE' });
  const last = await s.api('GET', `/api/leaderboard?period=${month}`, undefined, s.adminToken);
  expect(last.status).toBe(200);

  // The relay's connections were cut too: it numbers what is committed now all the same.
  const r = await s.api<IngestAnswer>('POST', '/api/events', { events: batch('late', 12) }, ingest);
  expect(r.body.accepted).toBe(12);
  for (const start = Date.now(); ;) {
    const pending = await pg.query(`SELECT count(*)::int AS n FROM outbox WHERE seq IS NULL`);
    if (pending.rows[0].n === 0) break;
    if (Date.now() - start > 15_000) throw new Error('the relay stopped numbering the outbox');
    await new Promise((res) => setTimeout(res, 100));
  }
});
