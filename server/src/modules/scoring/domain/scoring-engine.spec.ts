import fc from 'fast-check';
import {
  DEFAULT_CATALOGUE,
  EVENT_TYPES,
  type CaseEvent,
  type EventType,
  type RuleCatalogue,
} from '@jifen/shared';
import type { SubjectFacts } from '../../cases/domain/subject-facts';
import { CapTracker } from './cap-tracker';
import { scoreBatch } from './score-batch';
import { scoreEvent, type ScoringContext } from './scoring-engine';

const TZ = 'Asia/Shanghai';
const OFFICERS: Record<string, string> = { '150001': 'U1', '150002': 'U1', '150003': 'U2' };

function ctx(
  over: Partial<ScoringContext> = {},
  catalogue: RuleCatalogue = DEFAULT_CATALOGUE,
): ScoringContext {
  return {
    catalogue,
    catalogueVersion: 1,
    timeZone: TZ,
    unitOf: (b) => OFFICERS[b],
    caps: new CapTracker(),
    closedMonths: new Set(),
    openMonth: '2026-11',
    ...over,
  };
}

let n = 0;
function ev(type: EventType, over: Partial<CaseEvent> = {}): CaseEvent {
  n++;
  return {
    eventId: `e-${n}`,
    type,
    occurredAt: '2026-11-23T08:15:00+08:00',
    unitCode: 'U1',
    subject: {
      kind: type.startsWith('incident') ? 'incident' : type.startsWith('complaint') ? 'complaint' : 'case',
      ref: 'C1',
    },
    officers: [
      { badgeNo: '150001', role: 'primary' },
      { badgeNo: '150002', role: 'assistant' },
    ],
    data: {},
    ...over,
  };
}

const total = (rows: { points: number }[]) => rows.reduce((s, r) => s + r.points, 0);

describe('scoring engine', () => {
  it('a filed criminal case earns 10 points for the primary and 5 for each assistant', () => {
    const rows = scoreEvent(ev('case.filed'), null, ctx());
    expect(rows.map((r) => [r.badgeNo, r.points, r.ruleId, r.kind, r.dimension])).toEqual([
      ['150001', 100, 'BASE_CRIM_FILED', 'base', 'quantity'],
      ['150002', 50, 'BASE_CRIM_FILED', 'base', 'quantity'],
    ]);
  });

  it('points keep their one decimal exactly (1.5 for an assistant on an approved arrest)', () => {
    const rows = scoreEvent(ev('arrest.approved', { data: { personRef: 'P1' } }), null, ctx());
    expect(rows.find((r) => r.badgeNo === '150002')!.points).toBe(15);
  });

  it('an administrative conclusion scores only on an administrative case', () => {
    const adm: SubjectFacts = {
      kind: 'case',
      ref: 'C1',
      unitCode: 'U1',
      caseKind: 'administrative',
      firstAt: {},
      activeMeasures: {},
      detainedPersons: [],
      seizedItems: [],
      eventCount: 1,
    };
    expect(scoreEvent(ev('case.concluded'), adm, ctx()).map((r) => r.ruleId)).toContain('BASE_ADM_CONCLUDED');
    expect(scoreEvent(ev('case.concluded'), { ...adm, caseKind: 'criminal' }, ctx())).toEqual([]);
  });

  it('early conclusion earns the efficiency bonus only within half the limit', () => {
    const accepted = Date.parse('2026-11-01T08:00:00+08:00');
    const facts: SubjectFacts = {
      kind: 'case',
      ref: 'C1',
      unitCode: 'U1',
      caseKind: 'administrative',
      firstAt: { 'case.accepted': accepted },
      activeMeasures: {},
      detainedPersons: [],
      seizedItems: [],
      eventCount: 1,
    };
    const early = scoreEvent(ev('case.concluded', { occurredAt: '2026-11-10T08:00:00+08:00' }), facts, ctx());
    const late = scoreEvent(ev('case.concluded', { occurredAt: '2026-11-25T08:00:00+08:00' }), facts, ctx());
    expect(early.map((r) => r.ruleId)).toContain('BONUS_EARLY_CONCLUSION');
    expect(late.map((r) => r.ruleId)).not.toContain('BONUS_EARLY_CONCLUSION');
  });

  it('a first-time review pass earns a quality bonus; a second pass does not', () => {
    expect(scoreEvent(ev('case.review.passed', { data: { firstTime: true } }), null, ctx())[0].ruleId).toBe(
      'BONUS_REVIEW_FIRST_PASS',
    );
    expect(scoreEvent(ev('case.review.passed', { data: { firstTime: false } }), null, ctx())).toEqual([]);
  });

  it('handled incidents stop scoring at the monthly cap of 60', () => {
    const c = ctx();
    const rows = Array.from({ length: 70 }, () =>
      scoreEvent(ev('incident.handled', { officers: [{ badgeNo: '150001', role: 'primary' }] }), null, c),
    ).flat();
    expect(total(rows)).toBe(600);
  });

  it('caps are per month: December starts again', () => {
    const caps = new CapTracker([[CapTracker.key('150001', 'BASE_INCIDENT_HANDLED', '2026-11'), 600]]);
    const one = { officers: [{ badgeNo: '150001', role: 'primary' as const }] };
    expect(scoreEvent(ev('incident.handled', one), null, ctx({ caps }))).toEqual([]);
    expect(
      scoreEvent(
        ev('incident.handled', { ...one, occurredAt: '2026-12-01T00:00:00+08:00' }),
        null,
        ctx({ caps }),
      )[0].points,
    ).toBe(10);
  });

  it('the month is taken in the bureau time zone: 23:30 UTC on 30 Nov is December in Shanghai', () => {
    expect(scoreEvent(ev('case.filed', { occurredAt: '2026-11-30T23:30:00Z' }), null, ctx())[0].month).toBe(
      '2026-12',
    );
  });

  it('a row for an aired month is booked into the open month as a late correction', () => {
    const [row] = scoreEvent(
      ev('case.filed', { occurredAt: '2026-10-03T10:00:00+08:00' }),
      null,
      ctx({ closedMonths: new Set(['2026-10']) }),
    );
    expect([row.month, row.lateCorrection]).toEqual(['2026-11', true]);
  });

  it('officers unknown to the organisation earn nothing and disabled rules never fire', () => {
    expect(
      scoreEvent(ev('case.filed', { officers: [{ badgeNo: '999', role: 'primary' }] }), null, ctx()),
    ).toEqual([]);
    const off = {
      ...DEFAULT_CATALOGUE,
      scoring: DEFAULT_CATALOGUE.scoring.map((r) => ({ ...r, enabled: false })),
    };
    expect(scoreEvent(ev('case.filed'), null, ctx({}, off))).toEqual([]);
  });
});

// ---- properties -------------------------------------------------------------------------

const typeArb = fc.constantFrom<EventType>(...EVENT_TYPES);
const eventArb = fc
  .record({
    type: typeArb,
    minute: fc.integer({ min: 0, max: 60 * 24 * 60 }),
    subject: fc.constantFrom('C1', 'C2', 'C3'),
    primary: fc.constantFrom('150001', '150002', '150003'),
    caseKind: fc.constantFrom('criminal', 'administrative'),
    flag: fc.boolean(),
  })
  .map(({ type, minute, subject, primary, caseKind, flag }) => {
    const kind = type.startsWith('incident')
      ? 'incident'
      : type.startsWith('complaint')
        ? 'complaint'
        : 'case';
    const at = new Date(Date.parse('2026-10-01T00:00:00Z') + minute * 60_000).toISOString();
    return {
      type,
      occurredAt: at,
      unitCode: 'U1',
      subject: { kind, ref: subject },
      officers: [
        { badgeNo: primary, role: 'primary' },
        ...(primary === '150003' ? [] : [{ badgeNo: '150003', role: 'assistant' }]),
      ],
      data: {
        caseKind,
        personRef: 'P1',
        itemRef: 'I1',
        measure: 'criminal_detention',
        firstTime: flag,
        satisfied: flag,
      },
    } as Omit<CaseEvent, 'eventId'>;
  });
const batchArb = fc
  .array(eventArb, { minLength: 1, maxLength: 120 })
  .map((es) => es.map((e, i) => ({ ...e, eventId: `p-${i}` }) as CaseEvent));

function run(events: CaseEvent[]) {
  const c = ctx();
  return scoreBatch(events, new Map(), c).flatMap((s) => s.rows);
}

function totalsByOfficer(rows: { badgeNo: string; points: number }[]) {
  const t: Record<string, number> = {};
  for (const r of rows) t[r.badgeNo] = (t[r.badgeNo] ?? 0) + r.points;
  return t;
}

describe('scoring properties', () => {
  it('replaying the same events gives the same ledger, row for row', () => {
    fc.assert(fc.property(batchArb, (events) => expect(run(events)).toEqual(run(events))));
  });

  it('permuting a batch does not change any officer total', () => {
    fc.assert(
      fc.property(
        batchArb.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
          ),
        ),
        ([events, shuffled]) => expect(totalsByOfficer(run(shuffled))).toEqual(totalsByOfficer(run(events))),
      ),
    );
  });

  it('a duplicate eventId never scores twice: source keys are unique per event, rule and officer', () => {
    fc.assert(
      fc.property(batchArb, (events) => {
        const keys = run(events).map((r) => r.sourceKey);
        expect(new Set(keys).size).toBe(keys.length);
        // the same event scored again yields only keys already booked
        const again = run(events).map((r) => r.sourceKey);
        expect(again.every((k) => keys.includes(k))).toBe(true);
      }),
    );
  });

  it('capped rules never exceed their cap per officer and month', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('150001', '150003'), { minLength: 1, maxLength: 200 }),
        (badges) => {
          const c = ctx();
          const rows = badges.flatMap((b, i) =>
            scoreEvent(
              { ...ev('incident.handled'), eventId: `cap-${i}`, officers: [{ badgeNo: b, role: 'primary' }] },
              null,
              c,
            ),
          );
          for (const t of Object.values(totalsByOfficer(rows))) expect(t).toBeLessThanOrEqual(600);
        },
      ),
    );
  });
});
