import type { Alert, AlertPage, ErrorBody, IngestAnswer, RatesAnswer } from '@jifen/shared';
import { RatesService } from '../../server/src/modules/rates/rates.service';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { startTestServer, type TestServer } from '../support/test-server';
import { createToken } from '../support/tokens';

/**
 * The rates of docs/RATES.md against real Postgres, every expected figure counted by hand
 * from the events below. Clock: the bureau's days 10 and 11 November 2026 (UTC+8).
 */
let s: TestServer;
let ingest: string;
const local = (t: string) => `${t}+08:00`;

beforeAll(async () => {
  s = await startTestServer({ now: local('2026-11-10T08:00:00') });
  // S3 holds a case of the bureau outside S1's subtree; S2 is kept for the problems alone.
  const units = [...UNITS, { code: 'S3', name: '西城派出所', kind: 'station', parentCode: 'B1' }];
  await s.api('POST', '/api/org/import', { units, officers: OFFICERS }, s.adminToken);
  ingest = (await createToken(s, { kind: 'ingest', label: 'source' })).token;
});
afterAll(() => s.stop());

async function post(events: RawEvent[], backfill = false) {
  const r = await s.api<IngestAnswer>('POST', '/api/events', { events, backfill }, ingest);
  expect(r.body).toMatchObject({ accepted: events.length, rejected: [] });
}
/** Moves the clock to when it happened and reports it, as a live source would. */
async function happen(t: string, e: RawEvent) {
  s.clock.set(local(t));
  await post([{ ...e, occurredAt: local(t) }]);
}
/** av.linked belongs to the incident whose footage it links. */
const kindOf = (type: RawEvent['type']) =>
  type.startsWith('incident') || type === 'av.linked'
    ? 'incident'
    : type.startsWith('complaint')
      ? 'complaint'
      : 'case';
const on = (type: RawEvent['type'], ref: string, unitCode: string, data: Record<string, unknown> = {}) =>
  event(type, {
    unitCode,
    subject: { kind: kindOf(type), ref },
    data,
    officers: [{ badgeNo: unitCode === 'S1' || unitCode === 'S1-A' ? '100001' : '200001', role: 'primary' }],
  });
/** A criminal case accepted and filed on a past day (a backfill: no late-entry problems). */
const filedCase = (day: string, ref: string, unitCode = 'S1'): RawEvent[] => [
  { ...on('case.accepted', ref, unitCode, { caseKind: 'criminal' }), occurredAt: local(`${day}T09:00:00`) },
  { ...on('case.filed', ref, unitCode), occurredAt: local(`${day}T10:00:00`) },
];
const adminCase = (day: string, ref: string, unitCode = 'S1'): RawEvent => ({
  ...on('case.accepted', ref, unitCode, { caseKind: 'administrative' }),
  occurredAt: local(`${day}T09:00:00`),
});
const rates = (query: string, token = s.adminToken) =>
  s.api<RatesAnswer & ErrorBody>('GET', `/api/rates?${query}`, undefined, token);
async function problemOf(ref: string): Promise<Alert> {
  const page = await s.api<AlertPage>('GET', '/api/alerts?unitCode=S2&limit=50', undefined, s.adminToken);
  return page.body.items.find((a) => a.subject.ref === ref)!;
}
async function step(ref: string, path: string, body: unknown = {}) {
  const a = await problemOf(ref);
  const r = await s.api<Alert>('POST', `/api/alerts/${a.id}/${path}`, body, s.adminToken);
  expect(r.status).toBe(200);
  return r.body;
}

describe('rates per unit and day', () => {
  beforeAll(async () => {
    // History for the counts, in S1 (and one case in S3, outside S1's scope).
    await post(
      [
        ...filedCase('2025-11-03', 'Y1'),
        ...filedCase('2025-11-04', 'Y2'),
        ...filedCase('2025-11-05', 'Y3'),
        ...filedCase('2025-11-20', 'Y4'), // after the 11th: not in last year's same days
        ...filedCase('2026-10-05', 'M1'),
        ...filedCase('2026-10-09', 'M2'),
        ...filedCase('2026-10-15', 'M3'), // after the 11th: not in last month's same days
        adminCase('2026-10-02', 'MA1'),
        ...filedCase('2026-11-02', 'N1'),
        ...filedCase('2026-11-09', 'N2'),
        adminCase('2026-11-03', 'NA1', 'S1-A'),
        adminCase('2026-11-05', 'NA2'),
        ...filedCase('2026-11-04', 'X1', 'S3'),
      ],
      true,
    );

    // 10 November, S1: three incidents and two complaints.
    await happen('2026-11-10T09:00:00', on('incident.received', 'I1', 'S1'));
    await happen('2026-11-10T09:00:00', on('complaint.received', 'C1', 'S1'));
    // S2: three problems raised directly by events.
    await happen('2026-11-10T09:30:00', on('case.overturned', 'P1', 'S2'));
    await happen('2026-11-10T10:00:00', on('incident.received', 'I2', 'S1'));
    await happen('2026-11-10T10:00:00', on('complaint.received', 'C2', 'S1'));
    await happen('2026-11-10T11:00:00', on('complaint.substantiated', 'P2', 'S2'));
    s.clock.set(local('2026-11-10T12:00:00'));
    await step('P1', 'ack');
    await step('P1', 'assign', { badgeNo: '200001' });
    await step('P1', 'rectified', { note: '已整改完毕' });
    expect((await step('P1', 'verify')).status).toBe('closed');
    await happen('2026-11-10T12:00:00', on('complaint.responded', 'C1', 'S1'));
    await happen('2026-11-10T15:00:00', on('complaint.resolved', 'C1', 'S1'));
    await happen('2026-11-10T18:00:00', on('complaint.rated', 'C1', 'S1', { satisfied: true }));
    await happen('2026-11-10T19:00:00', on('complaint.rated', 'C2', 'S1', { satisfied: false }));
    await happen('2026-11-10T20:00:00', on('incident.handled', 'I1', 'S1'));
    await happen('2026-11-10T21:00:00', on('av.linked', 'I1', 'S1'));
    await happen('2026-11-10T21:00:00', on('case.overturned', 'P3', 'S2'));
    s.clock.set(local('2026-11-10T22:00:00'));
    await step('P3', 'ack');
    await happen('2026-11-10T22:00:00', on('incident.received', 'I3', 'S1'));
    s.clock.set(local('2026-11-10T23:30:00'));
    expect((await step('P2', 'dismiss', { reason: '经核查投诉不属实' })).status).toBe('dismissed');

    // 11 November: a late response and a late handling.
    await happen('2026-11-11T11:00:00', on('complaint.responded', 'C2', 'S1'));
    await happen('2026-11-11T12:00:00', on('incident.handled', 'I2', 'S1'));
    s.clock.set(local('2026-11-11T12:30:00'));
  });

  it('gives every daily rate of a unit, counted by hand, with what is still in time pending', async () => {
    const r = await rates('unitCode=S1&from=2026-11-10&to=2026-11-11');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      unitCode: 'S1',
      timeZone: 'Asia/Shanghai',
      from: '2026-11-10',
      to: '2026-11-11',
    });
    const [d10, d11] = r.body.days;
    expect(d10.day).toBe('2026-11-10');
    expect(d10.rates).toEqual({
      incidentHandling: { counted: 1, of: 2, pending: 1, rate: 0.5 },
      avLinkage: { counted: 1, of: 1, pending: 0, rate: 1 },
      complaintResponse: { counted: 1, of: 2, pending: 0, rate: 0.5 },
      complaintResolution: { counted: 1, of: 1, pending: 1, rate: 1 },
      complaintSatisfaction: { counted: 1, of: 2, pending: 0, rate: 0.5 },
      clearToZero: expect.any(Object),
    });
    expect(d11.rates.incidentHandling).toEqual({ counted: 0, of: 0, pending: 0, rate: null });
    expect(d11.rates.avLinkage).toEqual({ counted: 0, of: 0, pending: 1, rate: null });
  });

  it('clear-to-zero: of the day’s problems, those closed or dismissed the same day', async () => {
    const r = await rates('unitCode=S2&from=2026-11-10&to=2026-11-10');
    expect(r.body.days[0].rates.clearToZero).toEqual({ counted: 2, of: 3, pending: 0, rate: 2 / 3 });
  });

  it('compares the month to date with last month and last year, for the unit’s subtree only', async () => {
    const s1 = (await rates('unitCode=S1')).body;
    expect(s1.comparison).toEqual({
      month: '2026-11',
      day: '2026-11-11',
      counts: {
        criminalFiled: { current: 2, previousMonth: 2, lastYear: 3, monthOnMonth: 0, yearOnYear: -1 / 3 },
        administrativeAccepted: {
          current: 2,
          previousMonth: 1,
          lastYear: 0,
          monthOnMonth: 1,
          yearOnYear: null,
        },
      },
    });
    expect(s1.months.map((m) => m.month)).toEqual([
      '2025-11',
      '2025-12',
      ...Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
      '2026-11',
    ]);
    expect(s1.months[0].counts).toEqual({ criminalFiled: 4, administrativeAccepted: 0 });
    expect(s1.months[11].counts).toEqual({ criminalFiled: 3, administrativeAccepted: 1 });
    expect(s1.months[12].counts).toEqual({ criminalFiled: 2, administrativeAccepted: 2 });
    const b1 = (await rates('unitCode=B1')).body;
    expect(b1.comparison.counts.criminalFiled).toMatchObject({
      current: 3,
      monthOnMonth: 0.5,
      yearOnYear: 0,
    });
  });

  it('recomputes a past day from stored state: a pending incident turns into a miss once its time is up', async () => {
    s.clock.set(local('2026-11-13T09:00:00'));
    const r = await rates('unitCode=S1&from=2026-11-10&to=2026-11-10');
    expect(r.body.days[0].rates.incidentHandling).toEqual({ counted: 1, of: 3, pending: 0, rate: 1 / 3 });
    expect(r.body.days[0].rates.complaintSatisfaction).toEqual({ counted: 1, of: 2, pending: 0, rate: 0.5 });
    s.clock.set(local('2026-11-11T12:30:00'));
  });

  it('the relay’s live message carries today’s rates for a scope', async () => {
    const msg = await s.jifen.app.get(RatesService).live('S1');
    expect(msg.scope).toBe('S1');
    expect(msg.rates).toMatchObject({ from: '2026-11-11', to: '2026-11-11', unitCode: 'S1' });
    expect(msg.rates.days).toHaveLength(1);
  });

  it('reads are scoped: a display token sees its own subtree, another unit is forbidden', async () => {
    const wall = (await createToken(s, { kind: 'display', unitCode: 'S2', label: 'S2 wall' })).token;
    const own = await rates('from=2026-11-10&to=2026-11-10', wall);
    expect(own.status).toBe(200);
    expect(own.body.unitCode).toBe('S2');
    expect(own.body.days[0].rates.clearToZero.of).toBe(3);
    const other = await rates('unitCode=S1', wall);
    expect(other.status).toBe(403);
    expect(other.body.messageZh).toContain('不在您的管辖范围内');
  });

  it.each([
    ['from=2026-11-11&to=2026-11-10', 'REQUEST.INVALID', /from: from must not be after to/],
    ['from=2026-11-1', 'REQUEST.INVALID', /from: a day is YYYY-MM-DD/],
    ['from=2026-02-30&to=2026-03-01', 'RATES.INVALID_DAY', /from: 2026-02-30 is not a day of the calendar/],
    ['to=2026-11-12', 'RATES.FUTURE_DAY', /after today \(2026-11-11\)/],
    ['from=2026-01-01&to=2026-11-11', 'RATES.RANGE_TOO_LONG', /spans 315 days; at most 92/],
  ])('a bad query (%s) is a 400 naming the problem in both languages', async (query, code, message) => {
    const r = await rates(query);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(code);
    expect(r.body.message).toMatch(message);
    expect(r.body.messageZh).toBeTruthy();
  });

  it('an unknown unit is a 404', async () => {
    const r = await rates('unitCode=NOPE');
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('UNIT.NOT_FOUND');
  });
});
