import type { CreatedToken, IngestAnswer, Leaderboard, OfficerScore } from '@jifen/shared';
import Redis from 'ioredis';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { startTestServer, type TestServer } from '../support/test-server';

let s: TestServer;
let ingest: string;

beforeAll(async () => {
  s = await startTestServer({ now: '2026-11-23T12:00:00+08:00' });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
});
afterAll(() => s.stop());

const post = (events: unknown[]) => s.api<IngestAnswer>('POST', '/api/events', { events }, ingest);

/** The leaderboard is served from a cache the relay refreshes after each commit: wait for it. */
async function board(
  path: string,
  until: (b: Leaderboard) => boolean,
  token = s.adminToken,
): Promise<Leaderboard> {
  let last: Leaderboard | null = null;
  for (let i = 0; i < 50; i++) {
    last = (await s.api<Leaderboard>('GET', path, undefined, token)).body;
    if (until(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`leaderboard never matched: ${JSON.stringify(last)}`);
}

describe('POST /api/events', () => {
  it('accepts every event type of the contract', async () => {
    const cases = [
      event('case.accepted', { data: { caseKind: 'criminal', category: '盗窃' } }),
      event('case.filed'),
      event('case.not_filed'),
      event('case.concluded'),
      event('case.transferred'),
      event('case.closed'),
      event('case.deadline_extended', { data: { obligation: 'CRIM_FILING_DECISION_3D', days: 4 } }),
      event('case.review.passed', { data: { firstTime: true } }),
      event('case.review.returned'),
      event('case.prosecution.returned'),
      event('case.overturned'),
      event('measure.started', { data: { measure: 'bail', personRef: 'P1' } }),
      event('measure.ended', { data: { measure: 'bail', personRef: 'P1' } }),
      event('arrest.requested', { data: { personRef: 'P1' } }),
      event('arrest.approved', { data: { personRef: 'P1' } }),
      event('detainee.delivered', { data: { personRef: 'P1' } }),
      event('family.notified', { data: { personRef: 'P1' } }),
      event('evidence.seized', { data: { itemRef: 'I1' } }),
      event('evidence.registered', { data: { itemRef: 'I1' } }),
      event('av.linked'),
      event('incident.received'),
      event('incident.handled'),
      event('complaint.received'),
      event('complaint.responded'),
      event('complaint.resolved'),
      event('complaint.rated', { data: { satisfied: true } }),
      event('complaint.substantiated'),
    ];
    const r = await post(cases);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: cases.length, duplicates: 0, rejected: [] });
  });

  it('rejects malformed events naming the field, and keeps the valid ones of the batch', async () => {
    const good = event('case.filed');
    const r = await post([
      event('measure.started', { data: { measure: 'house_arrest', personRef: 'P1' } }),
      good,
      { ...event('case.filed'), occurredAt: 'yesterday' },
      { ...event('case.filed'), eventId: undefined },
      event('complaint.rated', { subject: { kind: 'case', ref: 'C-9' }, data: { satisfied: true } }),
      { ...event('case.filed'), type: 'case.exploded' },
      event('case.filed', { unitCode: 'NOWHERE' }),
      event('case.filed', { officers: [{ badgeNo: '999999', role: 'primary' }] }),
      event('case.filed', {
        officers: [
          { badgeNo: '100001', role: 'primary' },
          { badgeNo: '100002', role: 'primary' },
        ],
      }),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    const byIndex = Object.fromEntries(r.body.rejected.map((x) => [x.index, x.errors.map((e) => e.field)]));
    expect(byIndex).toEqual({
      0: ['data.measure'],
      2: ['occurredAt'],
      3: ['eventId'],
      4: ['subject.kind'],
      5: ['type'],
      6: ['unitCode'],
      7: ['officers.0.badgeNo'],
      8: ['officers'],
    });
    expect(r.body.rejected.find((x) => x.index === 6)!.errors[0].message).toContain('NOWHERE');
  });

  it('refuses events dated outside the sane window (year 9999, year 1, just past the edges) and keeps the rest', async () => {
    const now = s.clock.now();
    const iso = (t: number) => new Date(t).toISOString();
    const r = await post([
      event('case.filed', { occurredAt: '9999-12-31T00:00:00Z' }),
      event('case.filed', { occurredAt: '0001-01-01T00:00:00Z' }),
      event('case.filed', { occurredAt: iso(now + 10 * 60_000 + 1) }),
      event('case.filed', { occurredAt: iso(now - 1830 * 86_400_000 - 1) }),
      event('case.filed', { occurredAt: iso(now + 10 * 60_000) }),
      event('case.filed', { occurredAt: iso(now - 1830 * 86_400_000 + 60_000) }),
    ]);
    expect(r.body.accepted).toBe(2);
    expect(r.body.rejected.map((x) => [x.index, x.errors[0].field])).toEqual([
      [0, 'occurredAt'],
      [1, 'occurredAt'],
      [2, 'occurredAt'],
      [3, 'occurredAt'],
    ]);
    expect(r.body.rejected[0].errors[0].message).toContain('in the future');
    expect(r.body.rejected[1].errors[0].message).toContain('in the past');
  });

  it('a unit-scoped ingest token posts events of its own units only', async () => {
    const scoped = (
      await s.api<CreatedToken>(
        'POST',
        '/api/tokens',
        { kind: 'ingest', unitCode: 'S1', label: 'S1 feed' },
        s.adminToken,
      )
    ).body.token;
    const r = await s.api<IngestAnswer>(
      'POST',
      '/api/events',
      {
        events: [
          event('case.filed', { unitCode: 'S1-A' }),
          event('case.filed', { unitCode: 'S2', officers: [{ badgeNo: '200001', role: 'primary' }] }),
        ],
      },
      scoped,
    );
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected).toEqual([
      {
        index: 1,
        eventId: expect.any(String),
        errors: [{ field: 'unitCode', message: expect.stringContaining('outside') }],
      },
    ]);
  });

  it('counts a repeated eventId as a duplicate and never scores it twice', async () => {
    const filed = event('case.filed', { officers: [{ badgeNo: '200001', role: 'primary' }], unitCode: 'S2' });
    expect((await post([filed])).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await post([filed, filed])).body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    const score = await s.api<OfficerScore>(
      'GET',
      '/api/officers/200001/score?period=2026-11',
      undefined,
      s.adminToken,
    );
    expect(score.body.breakdown.total).toBe(10);
    expect(score.body.ledger).toHaveLength(1);
  });

  it('refuses an empty batch, a batch over 1000 and a body without events', async () => {
    expect((await post([])).status).toBe(400);
    const big = await post(Array.from({ length: 1001 }, () => event('incident.received')));
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body)).toContain('at most 1000');
    expect((await s.api('POST', '/api/events', { nope: 1 }, ingest)).status).toBe(400);
  });

  it('accepts a full batch of 1000 in one answer', async () => {
    const batch = Array.from({ length: 1000 }, (_, i) =>
      event('incident.received', { subject: { kind: 'incident', ref: `J-big-${i}` } }),
    );
    expect((await post(batch)).body).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
  });
});

describe('scores and leaderboards', () => {
  beforeAll(async () => {
    // S2: 200002 and 200003 tie on total; 200003 has a deduction, so 200002 ranks first.
    await s.api(
      'POST',
      '/api/adjustments',
      { badgeNo: '200003', points: 12, dimension: 'quality', reason: '表彰：抓获逃犯' },
      s.adminToken,
    );
    await s.api(
      'POST',
      '/api/adjustments',
      { badgeNo: '200003', points: -2, dimension: 'quality', reason: '执法记录仪未开启' },
      s.adminToken,
    );
    await post([event('case.filed', { unitCode: 'S2', officers: [{ badgeNo: '200002', role: 'primary' }] })]);
  });

  it('ranks by total, then fewer deductions, and lists idle officers with zero', async () => {
    const b = await board('/api/leaderboard?period=2026-11&unitCode=S2', (x) =>
      ['200002', '200003'].every((b) => x.rows.some((r) => r.badgeNo === b && r.total === 10)),
    );
    expect(b.rows.map((r) => [r.rank, r.badgeNo, r.total, r.deduction])).toEqual([
      [1, '200001', 10, 0],
      [2, '200002', 10, 0],
      [3, '200003', 10, -2],
    ]);
    const all = await board('/api/leaderboard?period=2026-11&limit=100', (x) => x.rows.length === 6);
    expect(all.rows.find((r) => r.badgeNo === '100003')).toMatchObject({
      total: expect.any(Number),
      name: '王强',
      unitCode: 'S1-A',
    });
  });

  it('sums a quarter and a year over their months and answers an empty month with zeros', async () => {
    const q = await board('/api/leaderboard?period=2026-Q4&unitCode=S2', (x) => x.rows[0]?.total === 10);
    expect(q.rows).toHaveLength(3);
    const y = await board('/api/leaderboard?period=2026&unitCode=S2', (x) => x.rows[0]?.total === 10);
    expect(y.period).toBe('2026');
    const empty = await board('/api/leaderboard?period=2026-01&unitCode=S2', () => true);
    expect(empty.rows.map((r) => r.total)).toEqual([0, 0, 0]);
  });

  it('ranks units by the sum of their subtree', async () => {
    const b = await board(
      '/api/leaderboard?period=2026-11&by=unit',
      (x) => x.rows.length === 2 && x.rows.every((r) => r.total > 0),
    );
    expect(b.rows.map((r) => r.unitCode).sort()).toEqual(['S1', 'S2']);
    expect(b.rows[0].officerCount).toBeGreaterThan(0);
  });

  it('names a bad period', async () => {
    const r = await s.api<{ message: string }>(
      'GET',
      '/api/leaderboard?period=2026-13',
      undefined,
      s.adminToken,
    );
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('period');
  });

  it('shows an officer every ledger row with its reason', async () => {
    const r = await s.api<OfficerScore>('GET', '/api/officers/200003/score', undefined, s.adminToken);
    expect(r.body.breakdown).toMatchObject({ total: 10, bonus: 12, deduction: -2, quality: 10 });
    expect(r.body.ledger.map((l) => l.reason).join()).toContain('执法记录仪未开启');
    expect(r.body.ledger.every((l) => l.source === 'adjustment')).toBe(true);
  });

  it('an officer reads their own score but not a colleague’s', async () => {
    await s.api(
      'POST',
      '/api/users',
      { username: 'off-200001', password: 'officer-pw-123', role: 'officer', badgeNo: '200001' },
      s.adminToken,
    );
    const t = await s.login('off-200001', 'officer-pw-123');
    expect((await s.api('GET', '/api/officers/200001/score', undefined, t)).status).toBe(200);
    expect((await s.api('GET', '/api/officers/200002/score', undefined, t)).status).toBe(403);
  });

  it('rejects an adjustment without a reason or with more than one decimal', async () => {
    const noReason = await s.api<{ message: string }>(
      'POST',
      '/api/adjustments',
      { badgeNo: '200001', points: 1, dimension: 'quality', reason: '' },
      s.adminToken,
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason');
    const decimals = await s.api<{ message: string }>(
      'POST',
      '/api/adjustments',
      { badgeNo: '200001', points: 1.25, dimension: 'quality', reason: '太多小数位' },
      s.adminToken,
    );
    expect(decimals.body.message).toContain('points');
  });

  it('rebuilds the leaderboard from the ledger when Redis lost it', async () => {
    const before = await board('/api/leaderboard?period=2026-11&unitCode=S2', (x) => x.rows[0]?.total === 10);
    const r = new Redis(s.config.redisUrl);
    const keys = await r.keys(`${s.config.redisPrefix}:lb:*`);
    await r.del(...keys);
    await r.quit();
    const after = await board('/api/leaderboard?period=2026-11&unitCode=S2', () => true);
    expect(after.rows).toEqual(before.rows);
  });

  it('books points one decimal exactly: an assistant on an approved arrest gets 1.5', async () => {
    await post([
      event('arrest.approved', {
        unitCode: 'S1',
        officers: [
          { badgeNo: '100001', role: 'primary' },
          { badgeNo: '100003', role: 'assistant' },
        ],
        data: { personRef: 'P-7' },
      }),
    ]);
    const r = await s.api<OfficerScore>('GET', '/api/officers/100003/score', undefined, s.adminToken);
    expect(r.body.ledger.find((l) => l.ruleId === 'BASE_ARREST_APPROVED')!.points).toBe(1.5);
  });
});
