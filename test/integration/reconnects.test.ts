import type { IngestAnswer, Leaderboard, SnapshotMessage } from '@jifen/shared';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { changeKey, LiveClient } from '../support/live-client';
import { eventually } from '../support/receivers';
import { createToken } from '../support/tokens';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Walls lose their connection and come back. One away for 30 s while 500 events arrive
 * resumes from the last seq it applied and ends with every change exactly once, as a wall
 * that stayed connected; one away for longer than the replay window (JIFEN_LIVE_MAX_REPLAY
 * outbox rows) gets a fresh snapshot and nothing of a partial replay.
 */
const REPLAY_WINDOW = 1000;
/**
 * Each batch has one event per officer below, each a case filed that was never accepted: one
 * score row per unit (three) and one OUT_OF_ORDER problem per event (five) in the outbox.
 */
const CAST = OFFICERS.filter((o) => o.badgeNo !== '200003');
const ROWS_PER_BATCH = new Set(CAST.map((o) => o.unitCode)).size + CAST.length;
const AWAY_BATCHES = 100; // 500 events, 800 rows: inside the window
const EARLIER_BATCHES = 50; // 400 rows more for the wall away longer: 1200, past it
const AWAY_MS = 30_000;

let s: TestServer;
let ingest: string;
let wall: string;
let serial = 0;
const clients: LiveClient[] = [];

beforeAll(async () => {
  s = await startTestServer({ env: { JIFEN_LIVE_MAX_REPLAY: String(REPLAY_WINDOW) } });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (await createToken(s, { kind: 'ingest', label: 'source' })).token;
  wall = (await createToken(s, { kind: 'display', unitCode: 'B1', label: 'bureau wall' })).token;
}, 60_000);
afterAll(async () => {
  clients.forEach((c) => c.close());
  await s.stop();
});

async function connectedWall(): Promise<LiveClient> {
  const c = new LiveClient(s.url, wall);
  clients.push(c);
  await c.connected();
  await c.waitFor('snapshot');
  return c;
}

/** Posts `n` batches, one event per officer of the cast each, `gapMs` apart; returns their change keys. */
async function postBatches(n: number, gapMs: number, period: string): Promise<string[]> {
  const keys: string[] = [];
  const start = Date.now();
  for (let b = 0; b < n; b++) {
    const events: RawEvent[] = CAST.map((o) => {
      // Every event at its own second, so each change is told apart from the others.
      const at = new Date(Math.floor(s.clock.now() / 1000) * 1000 - 3600_000 + serial++ * 1000);
      keys.push(
        changeKey({
          badgeNo: o.badgeNo,
          ruleId: 'BASE_CRIM_FILED',
          at: at.toISOString(),
          delta: 10,
          period,
        } as never),
      );
      return event('case.filed', {
        occurredAt: at.toISOString(),
        unitCode: o.unitCode,
        officers: [{ badgeNo: o.badgeNo, role: 'primary' }],
      });
    });
    const r = await s.api<IngestAnswer>('POST', '/api/events', { events, backfill: true }, ingest);
    expect(r.body).toEqual({ accepted: CAST.length, duplicates: 0, rejected: [] });
    const wait = start + (b + 1) * gapMs - Date.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
  }
  return keys;
}

it('a wall away 30 s catches up with no gap and no duplicate; one away past the replay window gets a snapshot', async () => {
  const steady = await connectedWall();
  const brief = await connectedWall();
  const long = await connectedWall();
  const period = (steady.of('snapshot')[0] as unknown as SnapshotMessage).period;

  long.disconnect();
  const earlier = await postBatches(EARLIER_BATCHES, 0, period);
  await eventually(() => expect(brief.gaps(earlier)).toEqual([]), 15_000);

  brief.disconnect();
  const awayFrom = Date.now();
  const away = await postBatches(AWAY_BATCHES, (AWAY_MS - 2000) / AWAY_BATCHES, period);
  expect(away).toHaveLength(500);
  await new Promise((res) => setTimeout(res, awayFrom + AWAY_MS + 10 - Date.now()));
  expect(Date.now() - awayFrom).toBeGreaterThanOrEqual(AWAY_MS);

  const receivedBefore = brief.received.length;
  await brief.reconnect();
  const everything = [...earlier, ...away];
  await eventually(() => expect(brief.gaps(everything)).toEqual([]), 15_000);
  expect(brief.duplicates()).toEqual([]);
  expect(brief.changes()).toHaveLength(everything.length);
  // A replay, not a snapshot: the wall kept its state and was told only what it missed.
  expect(brief.received.slice(receivedBefore).map((r) => r.event)).not.toContain('snapshot');
  // The same changes in the same order as the wall that never left.
  await eventually(() => expect(steady.gaps(everything)).toEqual([]), 15_000);
  expect(steady.duplicates()).toEqual([]);
  expect(brief.changes().map(changeKey)).toEqual(steady.changes().map(changeKey));
  expect(brief.alertIds()).toHaveLength(everything.length);
  expect(brief.alertIds()).toEqual(steady.alertIds());

  // The wall away longer missed more rows than the window holds: a fresh snapshot, no replay.
  expect((EARLIER_BATCHES + AWAY_BATCHES) * ROWS_PER_BATCH).toBeGreaterThan(REPLAY_WINDOW);
  expect(AWAY_BATCHES * ROWS_PER_BATCH).toBeLessThanOrEqual(REPLAY_WINDOW);
  const longBefore = long.received.length;
  await long.reconnect();
  const snap = (await long.waitFor(
    'snapshot',
    (m) => m.reason === 'too_far_behind',
    10_000,
  )) as unknown as SnapshotMessage;
  const afterReconnect = long.received
    .slice(longBefore)
    .filter((r) => r.event !== 'hello' && r.event !== 'notification');
  expect(afterReconnect[0].event).toBe('snapshot');
  expect(afterReconnect.filter((r) => r.event === 'score.changed' && r.msg.seq <= snap.seq)).toEqual([]);
  // The snapshot is whole: every officer's total as the ledger has it.
  const batches = EARLIER_BATCHES + AWAY_BATCHES;
  expect(Object.fromEntries(snap.officers.map((r) => [r.badgeNo, r.total]))).toEqual({
    ...Object.fromEntries(CAST.map((o) => [o.badgeNo, batches * 10])),
    '200003': 0,
  });
  const board = await s.api<Leaderboard>('GET', `/api/leaderboard?period=${period}`, undefined, s.adminToken);
  expect(snap.officers.map((r) => [r.badgeNo, r.total])).toEqual(
    board.body.rows.map((r) => [r.badgeNo, r.total]),
  );

  // And from there it is live again, like the others.
  const after = await postBatches(2, 0, period);
  for (const c of [steady, brief, long]) {
    await eventually(() => expect(c.gaps(after)).toEqual([]), 10_000);
    expect(c.duplicates()).toEqual([]);
  }
  expect(long.changes().map(changeKey)).toEqual(after);
}, 85_000);
