import { DEFAULT_CATALOGUE, HolidayCalendar } from '@jifen/shared';
import { judgeSubject } from '../../judgement/domain/judge-subject';
import { context, recorded } from '../../judgement/testing/recorded-events';
import { allocateCaps } from './cap-allocation';
import type { LedgerClaim } from './ledger-line';

const NOW = '2026-12-31T00:00:00+08:00';
const claimsOf = (events: Parameters<typeof judgeSubject>[0], ctx = context(NOW)) =>
  judgeSubject(events, ctx).claims;
const rows = (claims: LedgerClaim[]) =>
  claims.map((c) => [c.badgeNo, c.ruleId, c.points, c.kind, c.dimension]);

describe('scoring an event', () => {
  it('a filed criminal case earns 10 points for the primary and 5 for each assistant', () => {
    expect(rows(claimsOf([recorded('case.filed', '2026-11-23T08:15:00+08:00')]))).toEqual([
      ['100001', 'BASE_CRIM_FILED', 100, 'base', 'quantity'],
      ['100002', 'BASE_CRIM_FILED', 50, 'base', 'quantity'],
    ]);
  });

  it('keeps one decimal exactly: an assistant on an approved arrest gets 1.5', () => {
    const c = claimsOf([
      recorded('arrest.approved', '2026-11-23T08:15:00+08:00', { data: { personRef: 'P1' } }),
    ]);
    expect(c.find((x) => x.badgeNo === '100002')!.points).toBe(15);
  });

  it('an administrative conclusion scores only when the case is administrative', () => {
    const accepted = (caseKind: string) =>
      recorded('case.accepted', '2026-11-01T08:00:00+08:00', { data: { caseKind } });
    const concluded = recorded('case.concluded', '2026-11-28T08:00:00+08:00');
    expect(claimsOf([accepted('administrative'), concluded]).map((c) => c.ruleId)).toContain(
      'BASE_ADM_CONCLUDED',
    );
    expect(
      claimsOf([accepted('criminal'), { ...concluded, eventId: 'x2' }]).map((c) => c.ruleId),
    ).not.toContain('BASE_ADM_CONCLUDED');
  });

  it('judges a late report of the acceptance into a conclusion posted earlier: the conclusion scores once it is known', () => {
    const concluded = recorded('case.concluded', '2026-11-28T08:00:00+08:00');
    const accepted = recorded('case.accepted', '2026-11-01T08:00:00+08:00', {
      data: { caseKind: 'administrative' },
    });
    expect(claimsOf([concluded]).map((c) => c.ruleId)).toEqual([]);
    expect(claimsOf([concluded, accepted]).map((c) => c.ruleId)).toContain('BASE_ADM_CONCLUDED');
  });

  it('a first-time review pass earns the quality bonus; a later pass does not', () => {
    expect(
      claimsOf([
        recorded('case.review.passed', '2026-11-23T08:00:00+08:00', { data: { firstTime: true } }),
      ])[0].ruleId,
    ).toBe('BONUS_REVIEW_FIRST_PASS');
    expect(
      claimsOf([recorded('case.review.passed', '2026-11-23T08:00:00+08:00', { data: { firstTime: false } })]),
    ).toEqual([]);
  });

  it('puts points in the month of the event in the bureau zone: 23:30 UTC on 30 Nov is December', () => {
    const [c] = claimsOf([recorded('case.filed', '2026-11-30T23:30:00Z')]);
    expect(c.forMonth).toBe('2026-12');
  });

  it('credits the unit the officer belonged to when it happened', () => {
    const ctx = context(NOW, {
      unitOf: (_b, t) => (t < Date.parse('2026-11-15T00:00:00+08:00') ? 'S1' : 'S2'),
    });
    const early = claimsOf([recorded('case.filed', '2026-11-10T08:00:00+08:00')], ctx);
    const late = claimsOf([recorded('case.filed', '2026-11-20T08:00:00+08:00')], ctx);
    expect([early[0].unitCode, late[0].unitCode]).toEqual(['S1', 'S2']);
  });

  it('officers unknown to the organisation earn nothing and disabled rules never fire', () => {
    expect(
      claimsOf(
        [recorded('case.filed', '2026-11-23T08:00:00+08:00')],
        context(NOW, { unitOf: () => undefined }),
      ),
    ).toEqual([]);
    const off = {
      ...DEFAULT_CATALOGUE,
      scoring: DEFAULT_CATALOGUE.scoring.map((r) => ({ ...r, enabled: false })),
    };
    expect(
      claimsOf([recorded('case.filed', '2026-11-23T08:00:00+08:00')], context(NOW, { catalogue: off })),
    ).toEqual([]);
  });
});

describe('the early-conclusion bonus runs on the obligation clock', () => {
  const accepted = recorded('case.accepted', '2026-11-02T09:00:00+08:00', {
    data: { caseKind: 'administrative' },
  });
  const bonus = (
    concludedAt: string,
    extra: Parameters<typeof judgeSubject>[0] = [],
    holidays = new HolidayCalendar(),
  ) =>
    claimsOf([accepted, ...extra, recorded('case.concluded', concludedAt)], context(NOW, { holidays })).some(
      (c) => c.ruleId === 'BONUS_EARLY_CONCLUSION',
    );

  it('half of 30 days ends at 24:00 on day 15 after acceptance, not 15 × 24 hours after it', () => {
    expect(bonus('2026-11-17T23:30:00+08:00')).toBe(true);
    expect(bonus('2026-11-18T00:30:00+08:00')).toBe(false);
  });

  it('a holiday on the last day moves the half as it moves the limit', () => {
    expect(bonus('2026-11-18T10:00:00+08:00', [], new HolidayCalendar(['2026-11-17']))).toBe(true);
  });

  it('an approved extension lengthens the half', () => {
    const ext = recorded('case.deadline_extended', '2026-11-10T09:00:00+08:00', {
      data: { obligation: 'ADM_CASE_30D', days: 30 },
    });
    expect(bonus('2026-11-25T10:00:00+08:00', [ext])).toBe(true);
  });
});

describe('monthly caps', () => {
  const incident = (i: number, day: number) =>
    recorded(
      'incident.handled',
      `2026-11-${String(day).padStart(2, '0')}T08:${String(i % 60).padStart(2, '0')}:00+08:00`,
      {
        eventId: `inc-${i}`,
        subject: { kind: 'incident', ref: `J${i}` },
        officers: [{ badgeNo: '100001', role: 'primary' }],
      },
    );

  it('stop handled incidents at 60 points a month, and December starts again', () => {
    const claims = Array.from({ length: 70 }, (_, i) => claimsOf([incident(i, 1 + (i % 28))])).flat();
    const dec = claimsOf([
      {
        ...incident(99, 1),
        occurredAt: '2026-12-01T00:00:00+08:00',
        at: Date.parse('2026-12-01T00:00:00+08:00'),
      },
    ]);
    const lines = allocateCaps([...claims, ...dec]);
    const sum = (m: string) => lines.filter((l) => l.forMonth === m).reduce((s, l) => s + l.points, 0);
    expect([sum('2026-11'), sum('2026-12')]).toEqual([600, 10]);
  });

  it('share the cap in event order: a late report of an earlier incident takes the place of a later one', () => {
    const first60 = Array.from({ length: 60 }, (_, i) => claimsOf([incident(i, 10)])).flat();
    const earlier = claimsOf([incident(100, 2)]);
    const lines = allocateCaps([...first60, ...earlier]);
    const got = (key: string) => lines.find((l) => l.baseKey === key)!.points;
    expect(got('event:inc-100:BASE_INCIDENT_HANDLED')).toBe(10);
    expect(got('event:inc-59:BASE_INCIDENT_HANDLED')).toBe(0);
  });
});
