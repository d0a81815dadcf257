import type {
  Alert,
  AlertPage,
  CreatedToken,
  IngestAnswer,
  LedgerRowView,
  OfficerScore,
  RulePreviewAnswer,
} from '@jifen/shared';
import { DEFAULT_CATALOGUE } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import { ClosedMonthEntity } from '../../server/src/modules/scoring/scoring.entities';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * RULES.md "Event time and late reports", against the real server: each case the issue saw
 * go wrong when events were judged by arrival, proven right with the clock moved as the
 * reports would arrive.
 */
const HOUR = 3_600_000;
let s: TestServer;
let ingest: string;
let supervisor: string;

beforeAll(async () => {
  s = await startTestServer({ now: '2026-11-02T09:00:00+08:00' });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'feed' }, s.adminToken))
    .body.token;
  await s.api(
    'POST',
    '/api/users',
    { username: 'sup-et', password: 'supervisor-et-pw', role: 'supervisor', unitCode: 'B1' },
    s.adminToken,
  );
  supervisor = await s.login('sup-et', 'supervisor-et-pw');
});
afterAll(() => s.stop());

const post = async (events: RawEvent[], backfill = false) => {
  const r = await s.api<IngestAnswer>('POST', '/api/events', { events, backfill }, ingest);
  expect(r.body.rejected).toEqual([]);
  return r.body;
};
const sweep = () => s.jifen.app.get(JobRunner).runNow('deadlineSweep');
const setClock = (iso: string) => s.clock.set(iso);
let serial = 0;
const subject = (kind: 'case' | 'incident' | 'complaint' = 'case') => ({
  kind,
  ref: `ET-${kind}-${++serial}`,
});
const officers = (badge: string) => [{ badgeNo: badge, role: 'primary' as const }];

async function problemsOn(ref: string): Promise<Alert[]> {
  const page = await s.api<AlertPage>(
    'GET',
    '/api/alerts?status=open,acknowledged,rectifying,rectified,closed,dismissed&limit=500',
    undefined,
    s.adminToken,
  );
  return page.body.items.filter((a) => a.subject.ref === ref);
}
const standing = (list: Alert[]) =>
  list.filter(
    (a) => a.resolution !== 'withdrawn' && a.resolution !== 'fulfilled' && a.status !== 'dismissed',
  );
async function ledger(badge: string, period: string): Promise<LedgerRowView[]> {
  return (
    await s.api<OfficerScore>('GET', `/api/officers/${badge}/score?period=${period}`, undefined, s.adminToken)
  ).body.ledger;
}
const sum = (rows: LedgerRowView[], pick: (r: LedgerRowView) => boolean = () => true) =>
  Math.round(rows.filter(pick).reduce((t, r) => t + r.points, 0) * 10) / 10;

describe('judged by when things happened, not when they were reported', () => {
  it('a detention whose delivery and family notice were done in time but posted after their due times leaves no violation', async () => {
    setClock('2026-11-03T10:00:00+08:00');
    const subj = subject();
    const detention = event('measure.started', {
      subject: subj,
      occurredAt: '2026-11-03T10:00:00+08:00',
      officers: officers('100001'),
      data: { measure: 'criminal_detention', personRef: 'P1' },
    });
    await post([detention]);
    setClock('2026-11-04T12:00:00+08:00');
    await sweep();
    expect(
      standing(await problemsOn(subj.ref))
        .map((p) => [p.ruleId, p.stage])
        .sort(),
    ).toEqual([
      ['CRIM_CUSTODY_DELIVERY_24H', 'violation'],
      ['CRIM_FAMILY_NOTICE_24H', 'violation'],
    ]);
    await post([
      event('detainee.delivered', {
        subject: subj,
        occurredAt: '2026-11-03T20:00:00+08:00',
        officers: officers('100001'),
        data: { personRef: 'P1' },
      }),
      event('family.notified', {
        subject: subj,
        occurredAt: '2026-11-04T09:00:00+08:00',
        officers: officers('100001'),
        data: { personRef: 'P1' },
      }),
    ]);
    const after = await problemsOn(subj.ref);
    expect(standing(after).filter((p) => p.ruleId !== 'LATE_ENTRY')).toEqual([]);
    const withdrawn = after.filter((p) => p.resolution === 'withdrawn');
    expect(withdrawn.map((p) => p.ruleId).sort()).toEqual([
      'CRIM_CUSTODY_DELIVERY_24H',
      'CRIM_FAMILY_NOTICE_24H',
    ]);
    expect(withdrawn[0].history.at(-1)).toMatchObject({
      action: 'withdrawn',
      note: expect.stringContaining('done in time, reported late'),
    });
    const rows = (await ledger('100001', '2026-11')).filter(
      (r) => r.event?.subject.ref === subj.ref || r.problem,
    );
    expect(sum(rows, (r) => r.source === 'problem' && withdrawn.some((p) => p.id === r.sourceRef))).toBe(0);
    expect(rows.filter((r) => r.cause === 'withdrawn').every((r) => r.reverses !== null)).toBe(true);
  });

  it('the same steps posted in the same batch as the detention, after their due times, raise nothing', async () => {
    setClock('2026-11-06T12:00:00+08:00');
    const subj = subject();
    const on = (type: RawEvent['type'], at: string, data: Record<string, unknown>) =>
      event(type, { subject: subj, occurredAt: at, officers: officers('100002'), data });
    await post([
      on('family.notified', '2026-11-05T09:00:00+08:00', { personRef: 'P1' }),
      on('measure.started', '2026-11-05T08:00:00+08:00', { measure: 'criminal_detention', personRef: 'P1' }),
      on('detainee.delivered', '2026-11-05T10:00:00+08:00', { personRef: 'P1' }),
    ]);
    expect(
      (await problemsOn(subj.ref)).filter((p) =>
        ['CRIM_CUSTODY_DELIVERY_24H', 'CRIM_FAMILY_NOTICE_24H'].includes(p.ruleId),
      ),
    ).toEqual([]);
  });

  it('45 incidents handled and linked on time but posted ten days later cost nothing', async () => {
    setClock('2026-11-08T09:00:00+08:00');
    const events: RawEvent[] = [];
    for (let i = 0; i < 45; i++) {
      const subj = subject('incident');
      const at = Date.parse('2026-11-08T09:00:00+08:00') + i * 60_000;
      const iso = (t: number) => new Date(t).toISOString();
      events.push(
        event('incident.received', {
          subject: subj,
          unitCode: 'S2',
          occurredAt: iso(at),
          officers: officers('200003'),
        }),
        event('incident.handled', {
          subject: subj,
          unitCode: 'S2',
          occurredAt: iso(at + 20 * 60_000),
          officers: officers('200003'),
        }),
        event('av.linked', {
          subject: subj,
          unitCode: 'S2',
          occurredAt: iso(at + 60 * 60_000),
          officers: officers('200003'),
        }),
      );
    }
    setClock('2026-11-18T09:00:00+08:00');
    await sweep();
    await post(events);
    const rows = await ledger('200003', '2026-11');
    expect(sum(rows, (r) => r.kind === 'deduction')).toBe(0);
    expect(sum(rows, (r) => r.ruleId === 'BASE_INCIDENT_HANDLED')).toBe(45);
    // Reported ten days late: visible as 录入不及时, at no cost by default.
    const late = (await problemsOn(events[0].subject.ref)).filter((p) => p.ruleId === 'LATE_ENTRY');
    expect(late.map((p) => [p.severity, p.points])).toEqual([
      ['info', 0],
      ['info', 0],
      ['info', 0],
    ]);
  });

  it('a warning dismissed by a supervisor never becomes a violation at the sweep, and books nothing', async () => {
    setClock('2026-11-10T10:00:00+08:00');
    const subj = subject();
    await post([
      event('measure.started', {
        subject: subj,
        occurredAt: '2026-11-10T10:00:00+08:00',
        officers: officers('100003'),
        data: { measure: 'criminal_detention', personRef: 'P1' },
      }),
    ]);
    setClock('2026-11-11T05:00:00+08:00');
    await sweep();
    const [warning] = (await problemsOn(subj.ref)).filter((p) => p.ruleId === 'CRIM_CUSTODY_DELIVERY_24H');
    expect(warning.stage).toBe('warning');
    const r = await s.api(
      'POST',
      `/api/alerts/${warning.id}/dismiss`,
      { reason: '已当面送押，系登记遗漏' },
      supervisor,
    );
    expect(r.status).toBe(200);
    setClock('2026-11-12T10:00:00+08:00');
    await sweep();
    const [after] = (await problemsOn(subj.ref)).filter((p) => p.ruleId === 'CRIM_CUSTODY_DELIVERY_24H');
    expect([after.status, after.stage, after.points]).toEqual(['dismissed', 'warning', 0]);
    expect(sum(await ledger('100003', '2026-11'), (r) => r.problem?.id === warning.id)).toBe(0);
  });

  it('a legal-review return on 30 Nov 23:50 posted on 1 Dec 00:05 deducts in November, with the filing points', async () => {
    setClock('2026-11-30T23:40:00+08:00');
    const subj = subject();
    await post([
      event('case.accepted', {
        subject: subj,
        occurredAt: '2026-11-30T08:00:00+08:00',
        officers: officers('200001'),
        data: { caseKind: 'criminal' },
      }),
      event('case.filed', {
        subject: subj,
        occurredAt: '2026-11-30T09:00:00+08:00',
        officers: officers('200001'),
      }),
    ]);
    setClock('2026-12-01T00:05:00+08:00');
    await post([
      event('case.review.returned', {
        subject: subj,
        occurredAt: '2026-11-30T23:50:00+08:00',
        officers: officers('200001'),
      }),
    ]);
    const rows = (await ledger('200001', '2026-11')).filter((r) => r.event?.subject.ref === subj.ref);
    expect(rows.map((r) => [r.ruleId, r.period, r.forMonth, r.points]).sort()).toEqual([
      ['BASE_CRIM_FILED', '2026-11', '2026-11', 10],
      ['REVIEW_RETURNED', '2026-11', '2026-11', -2],
    ]);
    const deduction = rows.find((r) => r.ruleId === 'REVIEW_RETURNED')!;
    expect(deduction).toMatchObject({
      source: 'problem',
      ruleTitle: { zh: '法制审核退回', en: 'Legal review returned' },
      event: { type: 'case.review.returned', subject: { ref: subj.ref } },
      problem: { ruleId: 'REVIEW_RETURNED' },
      catalogueVersion: 1,
      lateCorrection: false,
    });
  });

  it('a late correction to a closed month stays within that month’s cap, and is marked with its month', async () => {
    setClock('2026-12-02T09:00:00+08:00');
    const handled = (at: string) => {
      const subj = subject('incident');
      return [
        event('incident.received', {
          subject: subj,
          unitCode: 'S2',
          occurredAt: at,
          officers: officers('200002'),
        }),
        event('incident.handled', {
          subject: subj,
          unitCode: 'S2',
          occurredAt: at,
          officers: officers('200002'),
        }),
      ];
    };
    const october = Array.from({ length: 62 }, (_, i) =>
      handled(new Date(Date.parse('2026-10-05T08:00:00+08:00') + i * HOUR).toISOString()),
    ).flat();
    await post(october, true);
    expect(sum(await ledger('200002', '2026-10'), (r) => r.ruleId === 'BASE_INCIDENT_HANDLED')).toBe(60);
    await s.jifen.app
      .get(DataSource)
      .getRepository(ClosedMonthEntity)
      .insert({ month: '2026-10', closedAt: s.clock.now() });
    await post(handled('2026-10-01T07:00:00+08:00'), true);
    const december = await ledger('200002', '2026-12');
    const late = december.filter((r) => r.lateCorrection && r.ruleId === 'BASE_INCIDENT_HANDLED');
    // The earlier incident takes the place of a later one in October's cap: +1 and −1, both booked into December for October.
    expect(late.map((r) => [r.forMonth, r.points]).sort()).toEqual([
      ['2026-10', -1],
      ['2026-10', 1],
    ]);
    expect(sum(await ledger('200002', '2026-10'), (r) => r.ruleId === 'BASE_INCIDENT_HANDLED')).toBe(60);
  });

  it('a problem nobody has assigned is due for rectification from its raise and becomes overdue', async () => {
    setClock('2026-12-03T10:00:00+08:00');
    const subj = subject();
    await post([
      event('case.review.returned', {
        subject: subj,
        occurredAt: '2026-12-03T10:00:00+08:00',
        officers: officers('100001'),
      }),
    ]);
    const [p] = await problemsOn(subj.ref);
    expect([p.assignee, p.rectifyDueAt]).toEqual([
      null,
      new Date(Date.parse('2026-12-04T00:00:00+08:00')).toISOString(),
    ]);
    setClock('2026-12-04T00:01:00+08:00');
    await sweep();
    const overdue = (await problemsOn(subj.ref)).find((x) => x.ruleId === 'RECTIFY_OVERDUE')!;
    expect(overdue).toMatchObject({ points: -1, badgeNos: ['100001'] });
    expect((await problemsOn(subj.ref)).find((x) => x.id === p.id)!.history.map((h) => h.action)).toContain(
      'rectify_overdue',
    );
  });

  it('after an approved extension the open warning shows the new due time', async () => {
    setClock('2026-12-05T10:15:00+08:00');
    const subj = subject();
    const on = (type: RawEvent['type'], at: string, data: Record<string, unknown>) =>
      event(type, { subject: subj, occurredAt: at, officers: officers('200001'), data });
    await post([
      on('measure.started', '2026-12-05T10:15:00+08:00', { measure: 'criminal_detention', personRef: 'P1' }),
    ]);
    setClock('2026-12-08T22:00:00+08:00');
    await sweep();
    const [warning] = (await problemsOn(subj.ref)).filter((p) => p.ruleId === 'CRIM_ARREST_REQUEST_3D');
    expect([warning.stage, warning.dueAt]).toEqual([
      'warning',
      new Date(Date.parse('2026-12-09T00:00:00+08:00')).toISOString(),
    ]);
    // One more day: the new warning point (20:34) has passed too, so the warning stands with the new due time.
    await post([
      on('case.deadline_extended', '2026-12-08T21:00:00+08:00', {
        obligation: 'CRIM_ARREST_REQUEST_3D',
        personRef: 'P1',
        days: 1,
      }),
    ]);
    const [moved] = (await problemsOn(subj.ref)).filter((p) => p.ruleId === 'CRIM_ARREST_REQUEST_3D');
    expect([moved.id, moved.dueAt, moved.stage]).toEqual([
      warning.id,
      new Date(Date.parse('2026-12-10T00:00:00+08:00')).toISOString(),
      'warning',
    ]);
    expect(moved.history.at(-1)!.action).toBe('due_changed');
  });

  it('the due instant is in time: the sweep at that instant warns, the violation comes only after it', async () => {
    setClock('2026-12-10T08:00:00+08:00');
    const subj = subject('incident');
    await post([
      event('incident.received', {
        subject: subj,
        occurredAt: '2026-12-10T08:00:00+08:00',
        officers: officers('100002'),
      }),
    ]);
    setClock('2026-12-11T08:00:00+08:00');
    await sweep();
    const at = async () =>
      (await problemsOn(subj.ref)).find((p) => p.ruleId === 'INCIDENT_HANDLING_24H')!.stage;
    expect(await at()).toBe('warning');
    s.clock.advance(1);
    await sweep();
    expect(await at()).toBe('violation');
  });

  it('a seizure that happened before the case was accepted is caught even when posted after the acceptance', async () => {
    setClock('2026-12-12T12:00:00+08:00');
    const subj = subject();
    await post([
      event('case.accepted', {
        subject: subj,
        occurredAt: '2026-12-12T09:00:00+08:00',
        officers: officers('100001'),
        data: { caseKind: 'criminal' },
      }),
    ]);
    await post([
      event('evidence.seized', {
        subject: subj,
        occurredAt: '2026-12-12T08:00:00+08:00',
        officers: officers('100001'),
        data: { itemRef: 'W1' },
      }),
    ]);
    expect((await problemsOn(subj.ref)).map((p) => p.ruleId)).toContain('SEIZURE_BEFORE_CASE');
  });

  it('the early-conclusion bonus uses the obligation clock: concluded at 23:30 on the 15th day counts', async () => {
    setClock('2026-12-20T09:00:00+08:00');
    const subj = subject();
    await post(
      [
        event('case.accepted', {
          subject: subj,
          occurredAt: '2026-12-01T09:00:00+08:00',
          officers: officers('200002'),
          data: { caseKind: 'administrative' },
        }),
        event('case.concluded', {
          subject: subj,
          occurredAt: '2026-12-16T23:30:00+08:00',
          officers: officers('200002'),
        }),
      ],
      true,
    );
    const rows = (await ledger('200002', '2026-12')).filter((r) => r.event?.subject.ref === subj.ref);
    expect(rows.map((r) => r.ruleId).sort()).toEqual(['BASE_ADM_CONCLUDED', 'BONUS_EARLY_CONCLUSION']);
  });

  it('an officer who moved keeps earlier points with the unit of the day', async () => {
    setClock('2026-12-21T09:00:00+08:00');
    const subj = subject();
    await post([
      event('case.filed', {
        subject: subj,
        unitCode: 'S1',
        occurredAt: '2026-12-14T09:00:00+08:00',
        officers: officers('100003'),
      }),
    ]);
    const moved = OFFICERS.map((o) =>
      o.badgeNo === '100003' ? { ...o, unitCode: 'S2', since: '2026-12-18T00:00:00+08:00' } : o,
    );
    await s.api('POST', '/api/org/import', { units: UNITS, officers: moved }, s.adminToken);
    await post([
      event('case.filed', {
        subject: subject(),
        unitCode: 'S2',
        occurredAt: '2026-12-20T09:00:00+08:00',
        officers: officers('100003'),
      }),
    ]);
    const rows = (await ledger('100003', '2026-12')).filter((r) => r.ruleId === 'BASE_CRIM_FILED');
    expect(rows.map((r) => [r.occurredAt.slice(0, 10), r.points]).sort()).toEqual([
      ['2026-12-14', 10],
      ['2026-12-20', 10],
    ]);
    // Each unit's board counts what the officer earned there (other rows of this officer, e.g. a
    // RECTIFY_OVERDUE from an earlier case, are not base points).
    const base = async (unit: string) =>
      (
        await s.api<{ rows: { badgeNo?: string; base: number }[] }>(
          'GET',
          `/api/leaderboard?period=2026-12&unitCode=${unit}`,
          undefined,
          s.adminToken,
        )
      ).body.rows.find((r) => r.badgeNo === '100003')?.base;
    expect([await base('S1-A'), await base('S2'), await base('B1')]).toEqual([10, 10, 20]);
  });
});

describe('rule preview and re-scoring run the same fold', () => {
  it('previews a draft on a period without writing: who moves and by how much', async () => {
    const before = await ledger('200001', '2026-11');
    const draft = {
      ...DEFAULT_CATALOGUE,
      scoring: DEFAULT_CATALOGUE.scoring.map((r) => (r.id === 'BASE_CRIM_FILED' ? { ...r, primary: 30 } : r)),
    };
    const r = await s.api<RulePreviewAnswer>(
      'POST',
      '/api/rules/preview',
      { catalogue: draft, period: '2026-11' },
      s.adminToken,
    );
    expect(r.status).toBe(200);
    const filer = r.body.officers.find((o) => o.badgeNo === '200001')!;
    expect(filer.totalChange).toBe(20);
    expect(r.body.events).toBeGreaterThan(0);
    expect(await ledger('200001', '2026-11')).toEqual(before);
  });

  it('names what is wrong with a draft, and refuses anyone but an administrator', async () => {
    const bad = await s.api<{ message: string }>(
      'POST',
      '/api/rules/preview',
      { catalogue: { scoring: [] }, period: '2026-11' },
      s.adminToken,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('obligations');
    const denied = await s.api(
      'POST',
      '/api/rules/preview',
      { catalogue: DEFAULT_CATALOGUE, period: '2026-11' },
      supervisor,
    );
    expect(denied.status).toBe(403);
  });

  it('saving a version with a re-score books the open month’s differences as rows naming the new version', async () => {
    setClock('2026-12-22T09:00:00+08:00');
    const draft = {
      ...DEFAULT_CATALOGUE,
      scoring: DEFAULT_CATALOGUE.scoring.map((r) => (r.id === 'BASE_CRIM_FILED' ? { ...r, primary: 12 } : r)),
    };
    const saved = await s.api<{ version: number; rescoreJobId: string }>(
      'PUT',
      '/api/rules',
      { catalogue: draft, note: '立案分调整为12分', rescore: true },
      s.adminToken,
    );
    expect(saved.status).toBe(200);
    expect(saved.body.rescoreJobId).toBe(`rescore:v${saved.body.version}`);
    await s.jifen.app.get(JobRunner).runNow('refold', {
      kind: 'rescore',
      version: saved.body.version,
      from: Date.parse('2026-12-01T00:00:00+08:00'),
    });
    const rows = (await ledger('100003', '2026-12')).filter((r) => r.ruleId === 'BASE_CRIM_FILED');
    expect(rows.filter((r) => r.cause === 'rescored').map((r) => [r.points, r.catalogueVersion])).toEqual([
      [2, saved.body.version],
      [2, saved.body.version],
    ]);
    expect(sum(await ledger('200001', '2026-11'), (r) => r.ruleId === 'BASE_CRIM_FILED')).toBe(10);
  });
});
