import {
  DEFAULT_CATALOGUE,
  type Alert,
  type AlertPage,
  type Appeal,
  type CreatedToken,
  type IngestAnswer,
  type OfficerScore,
} from '@jifen/shared';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { LiveClient } from '../support/live-client';
import { startTestServer, type TestServer } from '../support/test-server';

const START = '2026-11-23T10:15:00+08:00';
const HOUR = 3_600_000;
let s: TestServer;
let ingest: string;
let supA: string;
let supB: string;
let officer: string;

beforeAll(async () => {
  s = await startTestServer({ now: START });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
  await s.api(
    'POST',
    '/api/users',
    { username: 'sup-a', password: 'supervisor-a-pw', role: 'supervisor', unitCode: 'B1' },
    s.adminToken,
  );
  await s.api(
    'POST',
    '/api/users',
    { username: 'sup-b', password: 'supervisor-b-pw', role: 'supervisor', unitCode: 'B1' },
    s.adminToken,
  );
  await s.api(
    'POST',
    '/api/users',
    { username: 'off-1', password: 'officer-one-pw', role: 'officer', badgeNo: '100001' },
    s.adminToken,
  );
  supA = await s.login('sup-a', 'supervisor-a-pw');
  supB = await s.login('sup-b', 'supervisor-b-pw');
  officer = await s.login('off-1', 'officer-one-pw');
});
afterAll(() => s.stop());

const post = (events: RawEvent[]) => s.api<IngestAnswer>('POST', '/api/events', { events }, ingest);
const sweep = () => s.jifen.app.get(JobRunner).runNow('deadlineSweep');
const at = (offsetMs: number) => new Date(s.clock.now() + offsetMs).toISOString();
async function problemsOn(ref: string): Promise<Alert[]> {
  const page = await s.api<AlertPage>(
    'GET',
    '/api/alerts?status=open,acknowledged,rectifying,rectified,closed,dismissed&limit=500',
    undefined,
    s.adminToken,
  );
  return page.body.items.filter((a) => a.subject.ref === ref);
}
const total = async (badge: string) =>
  (await s.api<OfficerScore>('GET', `/api/officers/${badge}/score`, undefined, s.adminToken)).body.breakdown
    .total;

/** How each obligation of RULES.md is opened and fulfilled, for the per-rule tests. */
const SCENARIOS: Record<
  string,
  {
    kind: 'case' | 'incident' | 'complaint';
    before?: RawEvent['type'][];
    beforeData?: Record<string, unknown>;
    open: [RawEvent['type'], Record<string, unknown>];
    fulfil: [RawEvent['type'], Record<string, unknown>];
  }
> = {
  CRIM_CUSTODY_DELIVERY_24H: {
    kind: 'case',
    open: ['measure.started', { measure: 'criminal_detention', personRef: 'P1' }],
    fulfil: ['detainee.delivered', { personRef: 'P1' }],
  },
  CRIM_FAMILY_NOTICE_24H: {
    kind: 'case',
    open: ['measure.started', { measure: 'criminal_detention', personRef: 'P1' }],
    fulfil: ['family.notified', { personRef: 'P1' }],
  },
  CRIM_ARREST_REQUEST_3D: {
    kind: 'case',
    open: ['measure.started', { measure: 'criminal_detention', personRef: 'P1' }],
    fulfil: ['arrest.requested', { personRef: 'P1' }],
  },
  CRIM_SUMMONS_12H: {
    kind: 'case',
    before: ['case.accepted'],
    beforeData: { caseKind: 'criminal' },
    open: ['measure.started', { measure: 'summons', personRef: 'P1' }],
    fulfil: ['measure.ended', { measure: 'summons', personRef: 'P1' }],
  },
  CRIM_FILING_DECISION_3D: {
    kind: 'case',
    open: ['case.accepted', { caseKind: 'criminal' }],
    fulfil: ['case.filed', {}],
  },
  CRIM_INVESTIGATIVE_CUSTODY_2M: {
    kind: 'case',
    open: ['arrest.approved', { personRef: 'P1' }],
    fulfil: ['case.transferred', {}],
  },
  CRIM_BAIL_12M: {
    kind: 'case',
    open: ['measure.started', { measure: 'bail', personRef: 'P1' }],
    fulfil: ['measure.ended', { measure: 'bail', personRef: 'P1' }],
  },
  CRIM_RSL_6M: {
    kind: 'case',
    open: ['measure.started', { measure: 'residential_surveillance', personRef: 'P1' }],
    fulfil: ['measure.ended', { measure: 'residential_surveillance', personRef: 'P1' }],
  },
  CRIM_SUPPLEMENTARY_1M: {
    kind: 'case',
    open: ['case.prosecution.returned', {}],
    fulfil: ['case.transferred', {}],
  },
  ADM_QUESTIONING_8H: {
    kind: 'case',
    before: ['case.accepted'],
    beforeData: { caseKind: 'administrative' },
    open: ['measure.started', { measure: 'summons', personRef: 'P1' }],
    fulfil: ['measure.ended', { measure: 'summons', personRef: 'P1' }],
  },
  ADM_CASE_30D: {
    kind: 'case',
    open: ['case.accepted', { caseKind: 'administrative' }],
    fulfil: ['case.concluded', {}],
  },
  ADM_DETENTION_FAMILY_NOTICE: {
    kind: 'case',
    open: ['measure.started', { measure: 'administrative_detention', personRef: 'P1' }],
    fulfil: ['family.notified', { personRef: 'P1' }],
  },
  PROP_REGISTER_24H: {
    kind: 'case',
    before: ['case.accepted'],
    beforeData: { caseKind: 'criminal' },
    open: ['evidence.seized', { itemRef: 'I1' }],
    fulfil: ['evidence.registered', { itemRef: 'I1' }],
  },
  AV_LINK_24H: {
    kind: 'incident',
    before: ['incident.received'],
    open: ['incident.handled', {}],
    fulfil: ['av.linked', {}],
  },
  INCIDENT_HANDLING_24H: {
    kind: 'incident',
    open: ['incident.received', {}],
    fulfil: ['incident.handled', {}],
  },
  COMPLAINT_RESPONSE_24H: {
    kind: 'complaint',
    open: ['complaint.received', {}],
    fulfil: ['complaint.responded', {}],
  },
  COMPLAINT_RESOLUTION_7D: {
    kind: 'complaint',
    open: ['complaint.received', {}],
    fulfil: ['complaint.resolved', {}],
  },
};

let serial = 0;
function subject(kind: 'case' | 'incident' | 'complaint') {
  return { kind, ref: `SV-${kind}-${++serial}` };
}
async function open(rule: string) {
  const sc = SCENARIOS[rule];
  const subj = subject(sc.kind);
  const before = (sc.before ?? []).map((t) =>
    event(t, { subject: subj, occurredAt: at(-60_000), data: sc.beforeData ?? {} }),
  );
  const r = await post([
    ...before,
    event(sc.open[0], { subject: subj, occurredAt: at(0), data: sc.open[1] }),
  ]);
  expect(r.body.rejected).toEqual([]);
  return subj;
}

describe.each(DEFAULT_CATALOGUE.obligations.map((o) => [o.id, o] as const))(
  'obligation %s',
  (ruleId, rule) => {
    it('fulfilled in time raises nothing for it', async () => {
      const subj = await open(ruleId);
      s.clock.advance(HOUR / 2);
      const sc = SCENARIOS[ruleId];
      await post([event(sc.fulfil[0], { subject: subj, occurredAt: at(0), data: sc.fulfil[1] })]);
      s.clock.advance(400 * 24 * HOUR);
      await sweep();
      expect((await problemsOn(subj.ref)).filter((p) => p.ruleId === ruleId)).toEqual([]);
    });

    it('left to lapse raises a warning, then the same problem turns into the violation with its deduction', async () => {
      const subj = await open(ruleId);
      const limitMs =
        { hours: HOUR, days: 24 * HOUR, months: 31 * 24 * HOUR }[rule.limit.unit] * rule.limit.amount;
      const seen: Alert[] = [];
      // Walk the clock forward in steps, sweeping as the daily patrol would.
      for (let step = 0; step < 40; step++) {
        s.clock.advance(Math.ceil(limitMs / 20));
        await sweep();
        const [p] = (await problemsOn(subj.ref)).filter((x) => x.ruleId === ruleId);
        if (p && seen.at(-1)?.stage !== p.stage) seen.push(p);
        if (p?.stage === 'violation') break;
      }
      expect(seen.map((p) => p.stage)).toEqual(['warning', 'violation']);
      expect(seen[0].points).toBe(0);
      const violated = seen[1];
      expect(violated.id).toBe(seen[0].id);
      expect(violated).toMatchObject({ severity: rule.severity, points: rule.points });
      expect(violated.history.map((h) => h.action).filter((a) => a !== 'auto_escalated')).toEqual([
        'raised',
        'violated',
      ]);
      const score = await s.api<OfficerScore>('GET', '/api/officers/100001/score', undefined, s.adminToken);
      expect(
        score.body.ledger
          .filter((l) => l.sourceRef === violated.id)
          .map((l) => [l.points, l.kind, l.dimension]),
      ).toEqual([[rule.points, 'deduction', 'efficiency']]);
    });
  },
);

describe('detection', () => {
  it('an event that arrives already overdue goes straight to violation', async () => {
    const subj = subject('case');
    await post([
      event('case.accepted', {
        subject: subj,
        occurredAt: at(-10 * HOUR),
        data: { caseKind: 'administrative' },
      }),
      event('measure.started', {
        subject: subj,
        occurredAt: at(-9 * HOUR),
        data: { measure: 'summons', personRef: 'P9' },
      }),
    ]);
    const [p] = (await problemsOn(subj.ref)).filter((x) => x.ruleId === 'ADM_QUESTIONING_8H');
    expect(p).toMatchObject({ stage: 'violation', severity: 'critical', points: -5 });
  });

  it('raises the event problems of RULES.md, including steps out of order', async () => {
    const subj = subject('case');
    await post([
      event('evidence.seized', { subject: subj, occurredAt: at(0), data: { itemRef: 'K1' } }),
      event('case.transferred', { subject: subj, occurredAt: at(1000) }),
      event('case.review.returned', { subject: subj, occurredAt: at(2000) }),
    ]);
    const ids = (await problemsOn(subj.ref)).map((p) => p.ruleId).sort();
    expect(ids).toEqual(expect.arrayContaining(['SEIZURE_BEFORE_CASE', 'OUT_OF_ORDER', 'REVIEW_RETURNED']));
  });
});

describe('the life cycle', () => {
  let id: string;
  beforeAll(async () => {
    const subj = subject('complaint');
    await post([
      event('complaint.substantiated', {
        subject: subj,
        occurredAt: at(0),
        officers: [{ badgeNo: '100001', role: 'primary' }],
      }),
    ]);
    id = (await problemsOn(subj.ref))[0].id;
  });

  it('two supervisors acknowledging at once: exactly one wins, the other gets 409 naming the first', async () => {
    const [a, b] = await Promise.all([
      s.api<Alert & { message: string; code: string }>('POST', `/api/alerts/${id}/ack`, {}, supA),
      s.api<Alert & { message: string; code: string }>('POST', `/api/alerts/${id}/ack`, {}, supB),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? 'sup-a' : 'sup-b';
    expect(loser.body.code).toBe('ALERT.ALREADY_ACKNOWLEDGED');
    expect(loser.body.message).toContain(winner);
  });

  it('answers an illegal step with 409 and a clear message', async () => {
    const r = await s.api<{ code: string; message: string }>('POST', `/api/alerts/${id}/verify`, {}, supA);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      code: 'ALERT.ILLEGAL_TRANSITION',
      message: 'cannot verify a problem that is acknowledged',
    });
  });

  it('a dismissal needs a reason', async () => {
    const r = await s.api<{ message: string }>('POST', `/api/alerts/${id}/dismiss`, { reason: '' }, supA);
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('reason');
  });

  it('assign, report rectified by the officer, verify: every step in the history', async () => {
    expect((await s.api('POST', `/api/alerts/${id}/assign`, { badgeNo: '100001' }, supA)).status).toBe(200);
    expect(
      (await s.api('POST', `/api/alerts/${id}/rectified`, { note: '已重新走访当事人并道歉' }, officer))
        .status,
    ).toBe(200);
    const done = await s.api<Alert>('POST', `/api/alerts/${id}/verify`, { note: '核实无误' }, supB);
    expect(done.body.status).toBe('closed');
    expect(done.body.history.map((h) => [h.action, h.by])).toEqual([
      ['raised', 'system'],
      ['acknowledged', expect.stringMatching(/sup-/)],
      ['assigned', 'sup-a'],
      ['rectified', 'off-1'],
      ['verified', 'sup-b'],
    ]);
  });

  it('a dismissal reverses the deduction with a compensating row', async () => {
    const subj = subject('case');
    await post([
      event('case.overturned', {
        subject: subj,
        occurredAt: at(0),
        officers: [{ badgeNo: '200001', role: 'primary' }],
      }),
    ]);
    const before = await total('200001');
    const [p] = await problemsOn(subj.ref);
    expect(p.points).toBe(-10);
    const r = await s.api<Alert>(
      'POST',
      `/api/alerts/${p.id}/dismiss`,
      { reason: '复议撤销系程序瑕疵，非民警过错' },
      supA,
    );
    expect(r.body.status).toBe('dismissed');
    expect(await total('200001')).toBe(before + 10);
  });

  it('an upheld appeal reverses the appellant deduction', async () => {
    const subj = subject('case');
    await post([
      event('case.overturned', {
        subject: subj,
        occurredAt: at(0),
        officers: [{ badgeNo: '100001', role: 'primary' }],
      }),
    ]);
    const [p] = await problemsOn(subj.ref);
    const before = await total('100001');
    const appeal = await s.api<Appeal>(
      'POST',
      `/api/alerts/${p.id}/appeal`,
      { reason: '该案由他人主办，系录入错误' },
      officer,
    );
    expect(appeal.status).toBe(201);
    expect(
      (await s.api('POST', `/api/alerts/${p.id}/appeal`, { reason: '再次申诉试试' }, officer)).status,
    ).toBe(409);
    const decided = await s.api<Appeal>(
      'POST',
      `/api/appeals/${appeal.body.id}/decide`,
      { upheld: true, note: '核实为录入错误' },
      supA,
    );
    expect(decided.body.status).toBe('upheld');
    expect(await total('100001')).toBe(before + 10);
  });

  it('unacknowledged critical problems escalate to the parent unit after 15 minutes, live', async () => {
    const wall = new LiveClient(s.url, supA);
    await wall.connected();
    await wall.waitFor('snapshot');
    const subj = subject('case');
    await post([
      event('case.overturned', {
        subject: subj,
        unitCode: 'S1-A',
        occurredAt: at(0),
        officers: [{ badgeNo: '100003', role: 'primary' }],
      }),
    ]);
    const raised = await wall.waitFor('alert.raised', (m) => (m.alert as Alert).subject.ref === subj.ref);
    s.clock.advance(16 * 60_000);
    await sweep();
    const updated = await wall.waitFor(
      'alert.updated',
      (m) => (m.alert as Alert).subject.ref === subj.ref && (m.alert as Alert).escalatedTo === 'S1',
    );
    expect(updated.seq).toBeGreaterThan(raised.seq);
    expect((updated.alert as Alert).history.at(-1)!.action).toBe('auto_escalated');
    wall.close();
  });

  it('every mutation is in the audit log', async () => {
    const log = await s.api<{ items: { action: string }[] }>(
      'GET',
      '/api/audit?limit=200',
      undefined,
      s.adminToken,
    );
    const actions = new Set(log.body.items.map((e) => e.action));
    for (const a of [
      'alert.acknowledged',
      'alert.assigned',
      'alert.rectified',
      'alert.verified',
      'alert.dismissed',
      'appeal.filed',
      'appeal.decided',
    ])
      expect(actions).toContain(a);
  });
});
