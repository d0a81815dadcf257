import type {
  Alert,
  AlertCounts,
  AlertPage,
  Appeal,
  CreatedToken,
  IngestAnswer,
  OfficerScore,
} from '@jifen/shared';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import { DemoSupervision, type DemoRound } from '../../server/src/modules/demo/demo-supervision';
import { compressed, HOUR, MINUTE } from '../../server/src/modules/demo/domain/demo-time';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { startTestServer, type TestServer } from '../support/test-server';

const START = '2026-11-23T09:00:00+08:00';
const ROUND_MS = 15_000;
const EVENT_PROBLEMS = 60;
let s: TestServer;
let ingest: string;

beforeAll(async () => {
  s = await startTestServer({ now: START });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
});
afterAll(() => s.stop());

const post = async (events: RawEvent[]) => {
  const r = await s.api<IngestAnswer>('POST', '/api/events', { events }, ingest);
  expect(r.body.rejected).toEqual([]);
};
const all = async (): Promise<Alert[]> =>
  (
    await s.api<AlertPage>(
      'GET',
      '/api/alerts?status=open,acknowledged,rectifying,rectified,closed,dismissed&limit=500',
      undefined,
      s.adminToken,
    )
  ).body.items;

test('the simulated bureau works problems through the whole life cycle on compressed delays', async () => {
  const demo = s.jifen.app.get(DemoSupervision);
  demo.reseed(20261123);
  const kinds = ['case.overturned', 'case.review.returned', 'complaint.substantiated'] as const;
  const officerOf = (i: number) => OFFICERS[i % OFFICERS.length];
  await post(
    Array.from({ length: EVENT_PROBLEMS }, (_, i) =>
      event(kinds[i % kinds.length], {
        occurredAt: new Date(s.clock.now() - MINUTE).toISOString(),
        unitCode: officerOf(i).unitCode,
        subject: { kind: kinds[i % 3].startsWith('complaint') ? 'complaint' : 'case', ref: `DEMO-${i}` },
        officers: [{ badgeNo: officerOf(i).badgeNo, role: 'primary' }],
      }),
    ),
  );
  // Three detentions 19 h ago without delivery: the sweep raises warnings (75 % of 24 h).
  await post(
    [0, 1, 2].map((i) =>
      event('measure.started', {
        occurredAt: new Date(s.clock.now() - 19 * HOUR).toISOString(),
        subject: { kind: 'case', ref: `DEMO-DET-${i}` },
        officers: [{ badgeNo: '100001', role: 'primary' }],
        data: { measure: 'criminal_detention', personRef: `P-${i}` },
      }),
    ),
  );
  await s.jifen.app.get(JobRunner).runNow('deadlineSweep');
  const raised = await all();
  const warnings = raised.filter((a) => a.stage === 'warning');
  expect(warnings.length).toBeGreaterThanOrEqual(3);

  const made: DemoRound = {};
  for (let i = 0; i < 240; i++) {
    s.clock.advance(ROUND_MS);
    const r = await demo.round();
    for (const [k, n] of Object.entries(r))
      made[k as keyof DemoRound] = (made[k as keyof DemoRound] ?? 0) + n;
    // Halfway through, the officers report the deliveries (in time): the warnings close themselves.
    if (i === 120)
      await post(
        [0, 1, 2].map((k) =>
          event('detainee.delivered', {
            occurredAt: new Date(s.clock.now()).toISOString(),
            subject: { kind: 'case', ref: `DEMO-DET-${k}` },
            officers: [{ badgeNo: '100001', role: 'primary' }],
            data: { personRef: `P-${k}` },
          }),
        ),
      );
  }
  expect(made.conflict ?? 0).toBe(0);

  const after = await all();
  const worked = after.filter(
    (a) => a.subject.ref.startsWith('DEMO-') && !a.subject.ref.startsWith('DEMO-DET'),
  );
  expect(worked).toHaveLength(EVENT_PROBLEMS);
  const actions = new Set(worked.flatMap((a) => a.history.map((h) => h.action)));
  for (const a of ['acknowledged', 'assigned', 'rectified', 'verified', 'dismissed', 'appealed'] as const)
    expect(actions).toContain(a);
  expect([...actions].some((a) => a === 'appeal_upheld')).toBe(true);
  expect([...actions].some((a) => a === 'appeal_rejected')).toBe(true);

  // People's names on every step, never the system: supervisors acknowledge, officers report.
  for (const a of worked)
    for (const h of a.history.filter((x) => x.action !== 'raised')) {
      expect(h.by).not.toMatch(/^(system|demo)$/);
      if (h.action === 'rectified') expect(h.by).toBe(OFFICERS.find((o) => o.badgeNo === a.assignee)!.name);
    }

  // Realistic delays: nobody acknowledges a critical problem within a second, nor leaves it for hours.
  for (const a of worked.filter((x) => x.ackAt && x.severity === 'critical')) {
    const waited = Date.parse(a.ackAt!) - Date.parse(a.detectedAt);
    expect(waited).toBeGreaterThanOrEqual(compressed(2 * MINUTE));
    expect(waited).toBeLessThanOrEqual(compressed(12 * MINUTE) + ROUND_MS);
  }

  // A plausible day: most problems cleared, a few dismissed, a few left lying open.
  const cleared = worked.filter((a) => a.status === 'closed' || a.status === 'dismissed').length;
  expect(cleared / worked.length).toBeGreaterThan(0.6);
  expect(cleared / worked.length).toBeLessThan(0.97);
  expect(worked.some((a) => a.status === 'open')).toBe(true);
  expect(worked.filter((a) => a.status === 'dismissed').length).toBeLessThan(worked.length * 0.2);

  // An upheld appeal takes the appellant's deduction back (others on the problem keep theirs).
  const appeals = (await s.api<Appeal[]>('GET', '/api/appeals?status=upheld', undefined, s.adminToken)).body;
  expect(appeals.length).toBeGreaterThan(0);
  for (const appeal of appeals) {
    const score = await s.api<OfficerScore>(
      'GET',
      `/api/officers/${appeal.badgeNo}/score`,
      undefined,
      s.adminToken,
    );
    const rows = score.body.ledger.filter((r) => r.sourceRef === appeal.alertId);
    expect(rows.reduce((t, r) => t + r.points, 0)).toBe(0);
    expect(rows.some((r) => r.cause === 'appeal_upheld')).toBe(true);
  }

  // Warnings are acknowledged and left to the officers' next step: the in-time delivery
  // closes its warning; the family notice, never reported, still waits.
  const settled = after.filter((a) => warnings.some((x) => x.id === a.id));
  expect(settled.some((w) => w.history.some((h) => h.action === 'acknowledged'))).toBe(true);
  for (const w of settled) {
    const steps = w.history.map((h) => h.action);
    expect(steps).not.toContain('assigned');
    if (w.ruleId === 'CRIM_CUSTODY_DELIVERY_24H') {
      expect(steps.at(-1)).toBe('fulfilled');
      expect(w.status).toBe('closed');
    } else expect(['open', 'acknowledged']).toContain(w.status);
  }

  const counts = (await s.api<AlertCounts>('GET', '/api/alerts/counts', undefined, s.adminToken)).body;
  expect(counts.today.cleared / counts.today.raised).toBeGreaterThan(0.6);
}, 180_000);

test('a problem a person acted on meanwhile is replanned, not forced', async () => {
  const demo = s.jifen.app.get(DemoSupervision);
  await post([
    event('case.overturned', {
      occurredAt: new Date(s.clock.now()).toISOString(),
      subject: { kind: 'case', ref: 'HUMAN-1' },
      officers: [{ badgeNo: '200001', role: 'primary' }],
      unitCode: 'S2',
    }),
  ]);
  const human = async () => (await all()).find((a) => a.subject.ref === 'HUMAN-1')!;
  await demo.round();
  const p = await human();
  await s.api(
    'POST',
    '/api/users',
    { username: 'sup-h', password: 'supervisor-h-pw', role: 'supervisor', unitCode: 'B1' },
    s.adminToken,
  );
  const sup = await s.login('sup-h', 'supervisor-h-pw');
  expect((await s.api('POST', `/api/alerts/${p.id}/ack`, { version: p.version }, sup)).status).toBe(200);
  for (let i = 0; i < 40 && (await human()).status === 'acknowledged'; i++) {
    s.clock.advance(ROUND_MS);
    expect((await demo.round()).conflict ?? 0).toBe(0);
  }
  const q = await human();
  expect(q.status).toBe('rectifying');
  expect(q.history.filter((h) => h.action === 'acknowledged').map((h) => h.by)).toEqual(['sup-h']);
  expect(q.history.find((h) => h.action === 'assigned')!.by).not.toBe('sup-h');
});
