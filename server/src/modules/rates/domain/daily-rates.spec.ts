import fc from 'fast-check';
import { HolidayCalendar, type SubjectKind } from '@jifen/shared';
import { caseCounts, countWindows } from './case-counts';
import { dailyRates, dayWindows, type ProblemFact, type RateEvent } from './daily-rates';

const TZ = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local}+08:00`);
const ev = (
  type: string,
  local: string,
  ref: string,
  data: Record<string, unknown> = {},
  kind: SubjectKind = type.startsWith('complaint') ? 'complaint' : 'incident',
): RateEvent => ({ type, occurredAt: at(local), subjectKind: kind, subjectRef: ref, data });
const opts = (now: string, holidays: string[] = []) => ({
  now: at(now),
  timeZone: TZ,
  holidays: new HolidayCalendar(holidays),
});
const day10 = dayWindows('2026-11-10', '2026-11-10', TZ);

describe('dayWindows', () => {
  it('cuts bureau days at local midnight, both ends included', () => {
    const w = dayWindows('2026-11-09', '2026-11-10', TZ);
    expect(w.map((d) => d.day)).toEqual(['2026-11-09', '2026-11-10']);
    expect(w[1].start).toBe(at('2026-11-10T00:00:00'));
    expect(w[1].end).toBe(at('2026-11-11T00:00:00'));
  });
});

describe('the incident-handling rate (警情处置率)', () => {
  const events = [
    ev('incident.received', '2026-11-10T09:00:00', 'I1'),
    ev('incident.handled', '2026-11-10T20:00:00', 'I1'),
    // exactly at the limit is in time
    ev('incident.received', '2026-11-10T10:00:00', 'I2'),
    ev('incident.handled', '2026-11-11T10:00:00', 'I2'),
    // an hour late
    ev('incident.received', '2026-11-10T11:00:00', 'I3'),
    ev('incident.handled', '2026-11-11T12:00:00', 'I3'),
    // not handled, limit (11 Nov 23:00) still ahead at 11 Nov 12:00
    ev('incident.received', '2026-11-10T23:00:00', 'I4'),
    // received the day before: another day's
    ev('incident.received', '2026-11-09T23:59:59', 'I5'),
    ev('incident.handled', '2026-11-10T08:00:00', 'I5'),
  ];

  it('counts incidents received that day handled within 24 hours; open ones still in time are pending', () => {
    const [d] = dailyRates(day10, events, [], opts('2026-11-11T12:30:00'));
    expect(d.rates.incidentHandling).toEqual({ counted: 2, of: 3, pending: 1, rate: 2 / 3 });
  });

  it('an incident never handled counts against once its 24 hours are over', () => {
    const [d] = dailyRates(day10, events, [], opts('2026-11-12T00:00:00'));
    expect(d.rates.incidentHandling).toEqual({ counted: 2, of: 4, pending: 0, rate: 0.5 });
  });

  it('a received event reported twice is one incident, judged from the first', () => {
    const twice = [...events, ev('incident.received', '2026-11-10T12:00:00', 'I3')];
    const [d] = dailyRates(day10, twice, [], opts('2026-11-12T00:00:00'));
    expect(d.rates.incidentHandling.of).toBe(4);
  });
});

describe('the audio/video linkage rate (音视频关联率)', () => {
  it('counts incidents handled that day with footage linked by 24 hours after handling, before counts too', () => {
    const events = [
      ev('incident.handled', '2026-11-10T08:00:00', 'A1'),
      ev('av.linked', '2026-11-10T07:00:00', 'A1'),
      ev('incident.handled', '2026-11-10T09:00:00', 'A2'),
      ev('av.linked', '2026-11-11T09:00:01', 'A2'),
      ev('incident.handled', '2026-11-10T22:00:00', 'A3'),
      ev('av.linked', '2026-11-11T22:00:00', 'A3'),
      ev('incident.handled', '2026-11-10T23:00:00', 'A4'),
    ];
    const [d] = dailyRates(day10, events, [], opts('2026-11-11T22:30:00'));
    expect(d.rates.avLinkage).toEqual({ counted: 2, of: 3, pending: 1, rate: 2 / 3 });
  });
});

describe('complaint rates (接诉即办三率)', () => {
  const events = [
    ev('complaint.received', '2026-11-10T09:00:00', 'C1'),
    ev('complaint.responded', '2026-11-10T10:00:00', 'C1'),
    ev('complaint.resolved', '2026-11-17T23:59:59', 'C1'),
    ev('complaint.received', '2026-11-10T11:00:00', 'C2'),
    ev('complaint.responded', '2026-11-11T11:00:01', 'C2'),
    ev('complaint.resolved', '2026-11-18T00:00:01', 'C2'),
    ev('complaint.rated', '2026-11-10T12:00:00', 'C8', { satisfied: true }),
    ev('complaint.rated', '2026-11-10T13:00:00', 'C9', { satisfied: false }),
    // the later rating of the same complaint replaces the earlier one
    ev('complaint.rated', '2026-11-10T14:00:00', 'C9', { satisfied: true }),
    ev('complaint.rated', '2026-11-10T15:00:00', 'C7', { satisfied: false }),
  ];

  it('response within 24 hours; resolution by 24:00 of the seventh day after receipt', () => {
    const [d] = dailyRates(day10, events, [], opts('2026-11-20T00:00:00'));
    expect(d.rates.complaintResponse).toEqual({ counted: 1, of: 2, pending: 0, rate: 0.5 });
    expect(d.rates.complaintResolution).toEqual({ counted: 1, of: 2, pending: 0, rate: 0.5 });
    expect(d.rates.complaintSatisfaction).toEqual({ counted: 2, of: 3, pending: 0, rate: 2 / 3 });
  });

  it('a holiday on the last day moves the resolution limit like the obligation clock does', () => {
    const [d] = dailyRates(day10, events, [], opts('2026-11-20T00:00:00', ['2026-11-17']));
    expect(d.rates.complaintResolution).toEqual({ counted: 2, of: 2, pending: 0, rate: 1 });
  });

  it('a resolution still allowed is pending, not a failure', () => {
    const [e] = dailyRates(day10, events.slice(3, 5), [], opts('2026-11-12T00:00:00'));
    expect(e.rates.complaintResolution).toEqual({ counted: 0, of: 0, pending: 1, rate: null });
  });
});

describe('the clear-to-zero rate (日清零)', () => {
  it('of the problems raised that day, those closed before midnight; withdrawn ones count nowhere', () => {
    const p = (detected: string, closed: string | null, withdrawn = false): ProblemFact => ({
      detectedAt: at(detected),
      closedAt: closed ? at(closed) : null,
      withdrawn,
    });
    const problems = [
      p('2026-11-10T08:00:00', '2026-11-10T18:00:00'),
      p('2026-11-10T09:00:00', '2026-11-11T00:00:00'),
      p('2026-11-10T10:00:00', null),
      p('2026-11-10T11:00:00', '2026-11-10T12:00:00', true),
      p('2026-11-09T23:00:00', '2026-11-10T01:00:00'),
    ];
    const [d] = dailyRates(day10, [], problems, opts('2026-11-11T12:00:00'));
    expect(d.rates.clearToZero).toEqual({ counted: 1, of: 3, pending: 0, rate: 1 / 3 });
  });
});

describe('rates are a function of what happened, not of the order it is stored in', () => {
  it('shuffling the events never changes a rate, and every started thing lands in exactly one bucket', () => {
    const types = ['incident.received', 'incident.handled', 'av.linked', 'complaint.received'];
    const arb = fc.array(
      fc.record({
        type: fc.constantFrom(...types),
        minute: fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }),
        ref: fc.constantFrom('S1', 'S2', 'S3', 'S4'),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 4 * 24 * 60 }), (raw, nowMinute) => {
        const base = at('2026-11-09T00:00:00');
        const events = raw.map((r): RateEvent => ({
          type: r.type,
          occurredAt: base + r.minute * 60_000,
          subjectKind: r.type.startsWith('complaint') ? 'complaint' : 'incident',
          subjectRef: r.ref,
          data: {},
        }));
        const o = { ...opts('2026-11-09T00:00:00'), now: base + nowMinute * 60_000 };
        const windows = dayWindows('2026-11-09', '2026-11-11', TZ);
        const a = dailyRates(windows, events, [], o);
        const b = dailyRates(windows, [...events].reverse(), [], o);
        expect(b).toEqual(a);
        const receivedSubjects = new Set(
          events.filter((e) => e.type === 'incident.received').map((e) => e.subjectRef),
        );
        const judged = a.reduce(
          (n, d) => n + d.rates.incidentHandling.of + d.rates.incidentHandling.pending,
          0,
        );
        expect(judged).toBe(receivedSubjects.size);
      }),
    );
  });
});

describe('case counts month-on-month (环比) and year-on-year (同比)', () => {
  const filed = (local: string, ref: string) => ({
    type: 'case.filed',
    occurredAt: at(local),
    subjectRef: ref,
    data: {},
  });
  const accepted = (local: string, ref: string, caseKind: string) => ({
    type: 'case.accepted',
    occurredAt: at(local),
    subjectRef: ref,
    data: { caseKind },
  });

  it('compares the month to date with the same days of the previous month and of last year', () => {
    const events = [
      filed('2026-11-01T00:00:00', 'F1'),
      filed('2026-11-10T23:59:59', 'F2'),
      filed('2026-11-10T23:59:59', 'F2'), // the same case twice
      filed('2026-11-11T00:00:00', 'F3'), // after the reference day
      filed('2026-10-05T10:00:00', 'F4'),
      filed('2026-10-11T00:00:00', 'F5'), // October 11th: outside 1–10
      filed('2025-11-03T10:00:00', 'F6'),
      filed('2025-11-04T10:00:00', 'F7'),
      filed('2025-11-05T10:00:00', 'F8'),
      filed('2025-11-06T10:00:00', 'F9'),
      accepted('2026-11-02T10:00:00', 'A1', 'administrative'),
      accepted('2026-11-02T10:00:00', 'K1', 'criminal'),
    ];
    const c = caseCounts(events, '2026-11-10', TZ);
    expect(c.comparison.counts.criminalFiled).toEqual({
      current: 2,
      previousMonth: 1,
      lastYear: 4,
      monthOnMonth: 1,
      yearOnYear: -0.5,
    });
    expect(c.comparison.counts.administrativeAccepted).toEqual({
      current: 1,
      previousMonth: 0,
      lastYear: 0,
      monthOnMonth: null,
      yearOnYear: null,
    });
    expect(c.months).toHaveLength(13);
    expect(c.months[0]).toEqual({
      month: '2025-11',
      counts: { criminalFiled: 4, administrativeAccepted: 0 },
    });
    expect(c.months[11]).toEqual({
      month: '2026-10',
      counts: { criminalFiled: 2, administrativeAccepted: 0 },
    });
    expect(c.months[12]).toEqual({
      month: '2026-11',
      counts: { criminalFiled: 2, administrativeAccepted: 1 },
    });
  });

  it('the 31st compares with a shorter month up to its last day', () => {
    const w = countWindows('2026-03-31', TZ);
    expect(w.previousMonth).toEqual({ start: at('2026-02-01T00:00:00'), end: at('2026-03-01T00:00:00') });
    expect(w.lastYear).toEqual({ start: at('2025-03-01T00:00:00'), end: at('2025-04-01T00:00:00') });
  });
});
