import type { CreatedToken, IngestAnswer, ScoreChangedMessage } from '@jifen/shared';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { LiveClient } from '../support/live-client';
import { startTestServer, type TestServer } from '../support/test-server';

let s: TestServer;
let ingest: string;
let wallB1: string;
let wallS2: string;
const clients: LiveClient[] = [];

beforeAll(async () => {
  s = await startTestServer();
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
  wallB1 = (
    await s.api<CreatedToken>(
      'POST',
      '/api/tokens',
      { kind: 'display', unitCode: 'B1', label: 'bureau wall' },
      s.adminToken,
    )
  ).body.token;
  wallS2 = (
    await s.api<CreatedToken>(
      'POST',
      '/api/tokens',
      { kind: 'display', unitCode: 'S2', label: 'S2 wall' },
      s.adminToken,
    )
  ).body.token;
});
afterEach(() => clients.splice(0).forEach((c) => c.close()));
afterAll(() => s.stop());

function client(token: string, auth: Record<string, unknown> = {}, url = s.url) {
  const c = new LiveClient(url, token, auth);
  clients.push(c);
  return c;
}
const now = () => new Date(s.clock.now()).toISOString();
const post = (events: unknown[]) => s.api<IngestAnswer>('POST', '/api/events', { events }, ingest);
const changes = (c: LiveClient) =>
  c.of('score.changed').flatMap((m) => (m as unknown as ScoreChangedMessage).changes);

describe('the live feed', () => {
  it('refuses a bad token in the handshake with connect_error', async () => {
    const c = client('jfd_not-a-real-token');
    await expect(c.connected()).rejects.toThrow(/unknown or revoked/);
    const ingestClient = client(ingest);
    await expect(ingestClient.connected()).rejects.toThrow(/ingest token/);
  });

  it('greets with hello and a snapshot, then delivers a score change with its seq', async () => {
    const c = client(wallB1);
    await c.connected();
    const snap = await c.waitFor('snapshot');
    expect(snap).toMatchObject({ reason: 'initial', officers: expect.any(Array), units: expect.any(Array) });
    await post([
      event('case.filed', {
        occurredAt: now(),
        unitCode: 'S1',
        officers: [{ badgeNo: '100001', role: 'primary' }],
      }),
    ]);
    const msg = (await c.waitFor('score.changed')) as unknown as ScoreChangedMessage;
    expect(msg.seq).toBeGreaterThan(snap.seq);
    expect(msg.changes[0]).toMatchObject({
      badgeNo: '100001',
      unitCode: 'S1',
      delta: 10,
      total: 10,
      ruleId: 'BASE_CRIM_FILED',
    });
    const board = await c.waitFor('leaderboard', (m) => m.by === 'officer');
    expect((board.rows as { badgeNo: string; total: number }[])[0]).toMatchObject({
      badgeNo: '100001',
      total: 10,
    });
  });

  it('a wall sees only changes inside its subtree', async () => {
    const s2 = client(wallS2);
    const b1 = client(wallB1);
    await Promise.all([s2.connected(), b1.connected()]);
    await Promise.all([s2.waitFor('snapshot'), b1.waitFor('snapshot')]);
    await post([
      event('case.filed', {
        occurredAt: now(),
        unitCode: 'S1',
        officers: [{ badgeNo: '100002', role: 'primary' }],
      }),
    ]);
    await b1.waitFor('score.changed', (m) =>
      (m as unknown as ScoreChangedMessage).changes.some((c) => c.badgeNo === '100002'),
    );
    await post([
      event('case.filed', {
        occurredAt: now(),
        unitCode: 'S2',
        officers: [{ badgeNo: '200001', role: 'primary' }],
      }),
    ]);
    await s2.waitFor('score.changed');
    expect(changes(s2).map((c) => c.badgeNo)).toEqual(['200001']);
  });

  it('batches a burst of 2000 ledger changes into a handful of messages, and the last leaderboard is current', async () => {
    const c = client(wallB1);
    await c.connected();
    await c.waitFor('snapshot');
    const at = now();
    const burst = Array.from({ length: 1000 }, (_, i) =>
      event('case.filed', {
        occurredAt: at,
        unitCode: 'S2',
        officers: [
          { badgeNo: '200002', role: 'primary' },
          { badgeNo: '200003', role: 'assistant' },
        ],
        subject: { kind: 'case', ref: `BURST-${i}` },
      }),
    );
    expect((await post(burst)).body.accepted).toBe(1000);
    // The relay refreshes the cache before it marks a room's leaderboard stale, in one loop: the
    // leaderboard that reflects the whole burst always comes, whatever the timing.
    const settled = await c.waitFor(
      'leaderboard',
      (m) =>
        m.by === 'officer' &&
        (m.rows as { badgeNo: string; total: number }[])[0]?.badgeNo === '200002' &&
        (m.rows as { total: number }[])[0].total === 10_000,
      30_000,
    );
    expect(changes(c).filter((x) => x.ruleId === 'BASE_CRIM_FILED')).toHaveLength(2000);
    expect(c.of('score.changed').length).toBeLessThanOrEqual(5);
    const boards = c.of('leaderboard').filter((m) => m.by === 'officer');
    expect(boards.length).toBeLessThanOrEqual(4);
    expect(boards.at(-1)).toBe(settled);
  });

  it('replays what a client missed when it resumes after a disconnect', async () => {
    const c = client(wallB1);
    await c.connected();
    const snap = await c.waitFor('snapshot');
    c.close();
    await post([
      event('case.transferred', {
        occurredAt: now(),
        unitCode: 'S1',
        officers: [{ badgeNo: '100003', role: 'primary' }],
      }),
    ]);
    await new Promise((r) => setTimeout(r, 300));
    const back = client(wallB1, { afterSeq: snap.seq });
    await back.connected();
    const missed = (await back.waitFor('score.changed')) as unknown as ScoreChangedMessage;
    expect(missed.changes).toEqual([
      expect.objectContaining({ badgeNo: '100003', delta: 8, ruleId: 'BASE_CRIM_TRANSFERRED' }),
    ]);
    expect(back.of('snapshot')).toHaveLength(0);
  });

  it('answers a resume request on an open connection', async () => {
    const c = client(wallB1);
    await c.connected();
    const snap = await c.waitFor('snapshot');
    const answer = await c.socket.timeout(5000).emitWithAck('resume', { afterSeq: snap.seq - 1 });
    expect(answer).toMatchObject({ ok: true });
    expect(answer.replayed).toBeGreaterThanOrEqual(1);
    const bad = await c.socket.timeout(5000).emitWithAck('resume', { afterSeq: -5 });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('afterSeq') });
  });

  it('a second server process delivers to its own clients through Redis', async () => {
    const sibling = await s.startSibling({ JIFEN_ROLE: 'api' });
    const c = client(wallB1, {}, sibling.url!);
    await c.connected();
    await c.waitFor('snapshot');
    await post([
      event('case.filed', {
        occurredAt: now(),
        unitCode: 'S2',
        officers: [{ badgeNo: '200001', role: 'primary' }],
      }),
    ]);
    const msg = (await c.waitFor('score.changed', (m) =>
      (m as unknown as ScoreChangedMessage).changes.some((x) => x.badgeNo === '200001'),
    )) as unknown as ScoreChangedMessage;
    expect(msg.changes.find((x) => x.badgeNo === '200001')).toMatchObject({ delta: 10 });
  });

  it('sends a fresh snapshot to a client too far behind (its rows were pruned)', async () => {
    s.clock.advance(4 * 24 * 3600_000);
    await s.jifen.app.get(JobRunner).runNow('outboxPrune');
    await post([
      event('case.filed', {
        occurredAt: now(),
        unitCode: 'S1',
        officers: [{ badgeNo: '100001', role: 'primary' }],
      }),
    ]);
    await new Promise((r) => setTimeout(r, 300));
    const c = client(wallB1, { afterSeq: 1 });
    await c.connected();
    const snap = await c.waitFor('snapshot');
    expect(snap.reason).toBe('too_far_behind');
  });
});
