import type { ErrorBody, IngestAnswer, Leaderboard, SnapshotMessage } from '@jifen/shared';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { changeKey, LiveClient } from '../support/live-client';
import { freePort } from '../support/process';
import { eventually } from '../support/receivers';
import { createToken } from '../support/tokens';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Redis is flushed, then restarted empty, while the system runs (its own redis-server here,
 * never the machine's shared one). Ingestion goes on from Postgres; what needs Redis answers
 * 503 REDIS.UNAVAILABLE while it is down; the leaderboard cache is rebuilt whole, the job
 * schedulers are registered again, the sweep still finds a deadline that ran out, a
 * publication that fell due is still published, and a wall that stayed open misses nothing.
 */

/** A redis-server of this test's own, on a free port, keeping nothing on disk. */
class PrivateRedis {
  private proc: ChildProcess | null = null;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'jifen-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir];
    this.proc = spawn('redis-server', [...args, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null });
    await eventually(async () => {
      await probe.connect().catch(() => undefined);
      expect(await probe.ping()).toBe('PONG');
    }, 10_000);
    probe.disconnect();
  }

  /** Stops it; with nothing saved, it comes back empty, as a Redis without persistence does. */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise((resolve) => {
      p.once('exit', resolve);
      p.kill('SIGTERM');
    });
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let redis: PrivateRedis;
let s: TestServer;
let ingest: string;
let wall: LiveClient;
let farWall: LiveClient;
let period: string;
let db: DataSource;
/** Every event here happened at this instant (a backfill): one period, whatever the clock does. */
let at: string;

beforeAll(async () => {
  redis = new PrivateRedis(await freePort());
  await redis.start();
  s = await startTestServer({ env: { REDIS_URL: redis.url } });
  db = s.jifen.app.get(DataSource);
  at = new Date(s.clock.now() - 3600_000).toISOString();
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (await createToken(s, { kind: 'ingest', label: 'source' })).token;
  const display = (await createToken(s, { kind: 'display', unitCode: 'B1', label: 'bureau wall' })).token;
  wall = new LiveClient(s.url, display).resumeWhenDropped();
  await wall.connected();
  period = ((await wall.waitFor('snapshot')) as unknown as SnapshotMessage).period;
  // A wall on a second API node: the relay's messages reach it only through Redis.
  const sibling = await s.startSibling({ JIFEN_ROLE: 'api' });
  farWall = new LiveClient(sibling.url!, display).resumeWhenDropped();
  await farWall.connected();
  await farWall.waitFor('snapshot');
}, 60_000);
afterAll(async () => {
  wall?.close();
  farWall?.close();
  await s?.stop();
  await redis?.remove();
});

let serial = 0;
/** Posts one case filed per badge (at its own second, so the wall can tell each apart); returns the change keys. */
async function post(badges: string[]): Promise<{ status: number; keys: string[] }> {
  const keys: string[] = [];
  const events: RawEvent[] = badges.map((badgeNo) => {
    const o = OFFICERS.find((x) => x.badgeNo === badgeNo)!;
    const when = new Date(Date.parse(at) + serial++ * 1000).toISOString();
    keys.push(changeKey({ badgeNo, ruleId: 'BASE_CRIM_FILED', at: when, delta: 10, period } as never));
    return event('case.filed', {
      occurredAt: when,
      unitCode: o.unitCode,
      officers: [{ badgeNo, role: 'primary' }],
    });
  });
  const r = await s.api<IngestAnswer>('POST', '/api/events', { events, backfill: true }, ingest);
  if (r.status === 200) expect(r.body).toEqual({ accepted: badges.length, duplicates: 0, rejected: [] });
  return { status: r.status, keys };
}

async function boardTotals(): Promise<Record<string, number>> {
  const r = await s.api<Leaderboard>('GET', `/api/leaderboard?period=${period}`, undefined, s.adminToken);
  expect(r.status).toBe(200);
  return Object.fromEntries(r.body.rows.map((x) => [x.badgeNo, x.total]));
}

/** Each officer's total as the ledger in Postgres has it (points are stored in tenths). */
async function ledgerTotals(): Promise<Record<string, number>> {
  const rows: { badgeNo: string; p: number }[] = await db.query(
    `SELECT "badgeNo", SUM(points)::int AS p FROM ledger_entries WHERE month = $1 GROUP BY 1`,
    [period],
  );
  const sums = new Map(rows.map((r) => [r.badgeNo, r.p / 10]));
  return Object.fromEntries(OFFICERS.map((o) => [o.badgeNo, sums.get(o.badgeNo) ?? 0]));
}

async function schedulers(): Promise<string[]> {
  const q = new Queue('deadlines', {
    connection: { url: redis.url },
    prefix: `${s.config.redisPrefix}:bull`,
  });
  try {
    return (await q.getJobSchedulers(0, -1)).map((x) => x.key);
  } finally {
    await q.close();
  }
}

it('after FLUSHALL: the wall misses nothing, the leaderboard is whole, schedules and due publications come back', async () => {
  const before = await post(OFFICERS.map((o) => o.badgeNo));
  expect(before.status).toBe(200);
  await eventually(() => expect(wall.gaps(before.keys)).toEqual([]), 10_000);
  expect(await schedulers()).toContain('sweep');
  // A summons opened an hour ago: 12 hours allowed. Only the sweep can find it ran out.
  const summons = { kind: 'case' as const, ref: 'REDIS-SUMMONS' };
  const opened = await s.api<IngestAnswer>(
    'POST',
    '/api/events',
    {
      backfill: true,
      events: [
        event('case.accepted', { occurredAt: at, subject: summons, data: { caseKind: 'criminal' } }),
        event('measure.started', {
          occurredAt: at,
          subject: summons,
          data: { measure: 'summons', personRef: 'P1' },
        }),
      ],
    },
    ingest,
  );
  expect(opened.body.accepted).toBe(2);
  const summonsProblems = () =>
    db.query(`SELECT stage FROM problems WHERE "ruleId" = 'CRIM_SUMMONS_12H'`) as Promise<unknown[]>;
  expect(await summonsProblems()).toEqual([]);

  const admin = new Redis(redis.url);
  await admin.flushall();
  await admin.quit();
  // Past the summons' limit and past the next morning's daily notice (08:00), with Redis empty.
  s.clock.advance(25 * 3600_000);

  // Ingestion never needed Redis; one officer only, so a partial refresh cannot pass for the whole board.
  const after = await post(['100001']);
  expect(after.status).toBe(200);
  for (const w of [wall, farWall]) {
    await eventually(() => expect(w.gaps(after.keys)).toEqual([]), 10_000);
    expect(w.duplicates()).toEqual([]);
  }
  const board = await boardTotals();
  expect(board).toEqual(await ledgerTotals());
  expect(board['200001']).toBe(10);

  await eventually(async () => expect(await schedulers()).toContain('sweep'), 20_000);
  // The sweep, scheduled again, finds the deadline that ran out while Redis was empty.
  await eventually(async () => expect((await summonsProblems()).length).toBeGreaterThan(0), 45_000);
  // The daily notice fell due with the queues empty: it is published all the same.
  await eventually(async () => {
    const daily = await db.query(`SELECT period FROM publication_snapshots WHERE kind = 'daily'`);
    expect(daily.length).toBeGreaterThan(0);
  }, 20_000);
}, 85_000);

it('while Redis restarts: ingestion goes on, reads needing it answer 503 REDIS.UNAVAILABLE, the wall catches up after', async () => {
  await redis.stop();
  const during = await post(['200001', '200002']);
  expect(during.status).toBe(200);
  const board = await s.api<ErrorBody>('GET', `/api/leaderboard?period=${period}`, undefined, s.adminToken);
  expect(board.status).toBe(503);
  expect(board.body).toEqual({
    statusCode: 503,
    code: 'REDIS.UNAVAILABLE',
    message: expect.stringContaining('Redis'),
    messageZh: expect.stringContaining('Redis'),
  });

  const hellos = [wall, farWall].map((w) => w.of('hello').length);
  const snapshots = [wall, farWall].map((w) => w.of('snapshot').length);
  await redis.start();
  // Messages sent while a node's subscriber was cut never reached its sockets, and nothing would
  // tell them: each node has its walls reconnect, and they resume after their last seq (no snapshot).
  for (const [i, w] of [wall, farWall].entries()) {
    await eventually(() => expect(w.of('hello').length).toBeGreaterThan(hellos[i]), 20_000);
    expect(w.of('snapshot')).toHaveLength(snapshots[i]);
  }
  // Both walls, the one on the relay's node and the one reached through Redis, catch up.
  for (const w of [wall, farWall]) await eventually(() => expect(w.gaps(during.keys)).toEqual([]), 20_000);
  const next = await post(['100002']);
  for (const w of [wall, farWall]) {
    await eventually(() => expect(w.gaps(next.keys)).toEqual([]), 10_000);
    expect(w.duplicates()).toEqual([]);
  }
  expect(await boardTotals()).toEqual(await ledgerTotals());
  await eventually(async () => expect(await schedulers()).toContain('sweep'), 20_000);
}, 60_000);
