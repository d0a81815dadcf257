import fc from 'fast-check';
import {
  DEFAULT_CATALOGUE,
  HolidayCalendar,
  type CaseEvent,
  type EventType,
  type OfficerOnEvent,
  type RuleCatalogue,
} from '@jifen/shared';

/**
 * Random case, incident and complaint histories, and random ways of delivering them (late,
 * twice, in random batches, with sweeps and month closings in between), for the property
 * tests that prove arrival never changes the outcome — in memory and against the server.
 */
export const TZ = 'Asia/Shanghai';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const START = Date.parse('2026-10-01T00:00:00+08:00');
export const END = START + 75 * DAY; // histories run into mid-December
export const FINAL = END + 20 * DAY;
export const OFFICERS = ['100001', '100002', '200001', '200002'];
/** 100002 moves from S1 to S2 on 1 November: points stay with the unit of the day. */
export const TRANSFER = Date.parse('2026-11-01T00:00:00+08:00');
export const unitOf = (badge: string, at: number) =>
  badge === '100002' ? (at < TRANSFER ? 'S1' : 'S2') : badge.startsWith('1') ? 'S1' : 'S2';

/** Tight monthly caps, so that a late report of an earlier incident has to take a later one's place. */
export const TIGHT_CAPS: RuleCatalogue = {
  ...DEFAULT_CATALOGUE,
  scoring: DEFAULT_CATALOGUE.scoring.map((r) =>
    r.id === 'BASE_INCIDENT_HANDLED'
      ? { ...r, monthlyCap: 2 }
      : r.id === 'BASE_COMPLAINT_RESOLVED'
        ? { ...r, monthlyCap: 1 }
        : r.id === 'BONUS_FAST_AV_LINK'
          ? { ...r, monthlyCap: 0.5 }
          : r,
  ),
};
/** National Day week and a few more days off: non-custody day limits move past them. */
export const HOLIDAY_DATES = [
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => `2026-10-${d}`),
  '2026-11-14',
  '2026-11-15',
  '2026-12-25',
];
export const HOLIDAYS = new HolidayCalendar(HOLIDAY_DATES);

type Step = { type: EventType; after: number; data?: Record<string, unknown> };

const minutes = (min: number, max: number) => fc.integer({ min: min * 60_000, max: max * 60_000 });
const hours = (min: number, max: number) => fc.integer({ min: min * HOUR, max: max * HOUR });

const incident = fc
  .record({
    handled: hours(0, 30),
    linked: fc.option(hours(0, 30), { nil: undefined }),
    skipReceive: fc.boolean(),
  })
  .map(({ handled, linked, skipReceive }): Step[] => [
    ...(skipReceive ? [] : [{ type: 'incident.received' as const, after: 0 }]),
    { type: 'incident.handled', after: handled },
    ...(linked === undefined ? [] : [{ type: 'av.linked' as const, after: linked }]),
  ]);

const complaint = fc
  .record({
    responded: hours(0, 40),
    resolved: hours(0, 24 * 9),
    satisfied: fc.boolean(),
    substantiated: fc.boolean(),
  })
  .map(({ responded, resolved, satisfied, substantiated }): Step[] => [
    { type: 'complaint.received', after: 0 },
    { type: 'complaint.responded', after: responded },
    { type: 'complaint.resolved', after: resolved },
    { type: 'complaint.rated', after: HOUR, data: { satisfied } },
    ...(substantiated ? [{ type: 'complaint.substantiated' as const, after: HOUR }] : []),
  ]);

const administrative = fc
  .record({
    summons: minutes(10, 120),
    questioning: hours(1, 12),
    returned: fc.boolean(),
    extend: fc.option(hours(24 * 5, 24 * 29), { nil: undefined }),
    concluded: hours(24, 24 * 45),
  })
  .map(({ summons, questioning, returned, extend, concluded }): Step[] => [
    { type: 'case.accepted', after: 0, data: { caseKind: 'administrative' } },
    { type: 'measure.started', after: summons, data: { measure: 'summons', personRef: 'P1' } },
    { type: 'measure.ended', after: questioning, data: { measure: 'summons', personRef: 'P1' } },
    returned
      ? { type: 'case.review.returned', after: 3 * HOUR }
      : { type: 'case.review.passed', after: 3 * HOUR, data: { firstTime: true } },
    ...(extend === undefined
      ? []
      : [
          {
            type: 'case.deadline_extended' as const,
            after: extend,
            data: { obligation: 'ADM_CASE_30D', days: 30 },
          },
        ]),
    { type: 'case.concluded', after: concluded },
  ]);

const criminal = fc
  .record({
    seizeFirst: fc.boolean(),
    filed: hours(1, 24 * 5),
    delivered: hours(1, 30),
    notified: hours(1, 30),
    registered: hours(1, 30),
    extend: fc.boolean(),
    requested: hours(10, 24 * 8),
    transferred: hours(24, 24 * 20),
  })
  .map(({ seizeFirst, filed, delivered, notified, registered, extend, requested, transferred }): Step[] => [
    ...(seizeFirst ? [{ type: 'evidence.seized' as const, after: 0, data: { itemRef: 'W1' } }] : []),
    { type: 'case.accepted', after: seizeFirst ? HOUR : 0, data: { caseKind: 'criminal' } },
    { type: 'case.filed', after: filed },
    { type: 'measure.started', after: 2 * HOUR, data: { measure: 'criminal_detention', personRef: 'P1' } },
    { type: 'detainee.delivered', after: delivered, data: { personRef: 'P1' } },
    { type: 'family.notified', after: notified, data: { personRef: 'P1' } },
    ...(seizeFirst ? [] : [{ type: 'evidence.seized' as const, after: HOUR, data: { itemRef: 'W1' } }]),
    { type: 'evidence.registered', after: registered, data: { itemRef: 'W1' } },
    ...(extend
      ? [
          {
            type: 'case.deadline_extended' as const,
            after: HOUR,
            data: { obligation: 'CRIM_ARREST_REQUEST_3D', personRef: 'P1', days: 4 },
          },
        ]
      : []),
    { type: 'arrest.requested', after: requested, data: { personRef: 'P1' } },
    { type: 'arrest.approved', after: DAY, data: { personRef: 'P1' } },
    { type: 'case.transferred', after: transferred },
  ]);

const officers = fc
  .tuple(fc.constantFrom(...OFFICERS), fc.option(fc.constantFrom(...OFFICERS), { nil: undefined }))
  .map(([p, a]): OfficerOnEvent[] => [
    { badgeNo: p, role: 'primary' },
    ...(a && a !== p ? [{ badgeNo: a, role: 'assistant' as const }] : []),
  ]);

export const story = fc.record({
  kind: fc.constantFrom('incident', 'complaint', 'administrative', 'criminal'),
  start: fc.integer({ min: START, max: END - 20 * DAY }),
  officers,
  incident,
  complaint,
  administrative,
  criminal,
});

export type Story = typeof story extends fc.Arbitrary<infer S> ? S : never;

export function eventsOf(stories: Story[]): CaseEvent[] {
  const out: CaseEvent[] = [];
  stories.forEach((s, i) => {
    const steps = s[s.kind as 'incident'];
    const kind = s.kind === 'incident' ? 'incident' : s.kind === 'complaint' ? 'complaint' : 'case';
    let at = s.start;
    steps.forEach((step, k) => {
      at += step.after;
      if (at > END) return;
      out.push({
        eventId: `s${i}-${k}`,
        type: step.type,
        occurredAt: new Date(at).toISOString(),
        unitCode: s.officers[0].badgeNo.startsWith('1') ? 'S1' : 'S2',
        subject: { kind, ref: `${kind}-${i}` },
        officers: s.officers,
        data: step.data ?? {},
      });
    });
  });
  return out;
}

/** How the events travel in (b): each one late by some delay, some twice, batched by arrival. */
export const delivery = (n: number) =>
  fc.record({
    delays: fc.array(
      fc.oneof(
        { weight: 5, arbitrary: fc.constant(0) },
        { weight: 3, arbitrary: hours(0, 30) },
        { weight: 2, arbitrary: hours(24, 24 * 15) },
      ),
      { minLength: n, maxLength: n },
    ),
    twice: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    cuts: fc.array(fc.integer({ min: START, max: FINAL }), { maxLength: 12 }),
    sweeps: fc.array(fc.integer({ min: START, max: FINAL }), { maxLength: 25 }),
    closeAfterDays: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    seed: fc.integer(),
    catalogue: fc.constantFrom(DEFAULT_CATALOGUE, TIGHT_CAPS),
  });

export function shuffle<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let x = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export type Delivery = ReturnType<typeof delivery> extends fc.Arbitrary<infer D> ? D : never;

export const MONTH_ENDS: [string, number][] = [
  ['2026-10', Date.parse('2026-11-01T00:00:00+08:00')],
  ['2026-11', Date.parse('2026-12-01T00:00:00+08:00')],
  ['2026-12', Date.parse('2027-01-01T00:00:00+08:00')],
];

/** One step of a delivery, in the order a server would see it. */
export type DeliveryStep =
  | { at: number; kind: 'ingest'; events: CaseEvent[] }
  | { at: number; kind: 'sweep' }
  | { at: number; kind: 'close'; month: string };

/**
 * How the events of a history reach the server: each late by its delay (some twice), in
 * batches cut at random instants and shuffled within, with sweeps in between, months closed
 * by their airing some days into the next month, and a last sweep at FINAL.
 */
export function deliveryPlan(events: CaseEvent[], d: Delivery): DeliveryStep[] {
  const arrivals = events.flatMap((e, i) => {
    const at = Math.min(Date.parse(e.occurredAt) + d.delays[i], FINAL);
    return d.twice[i]
      ? [
          { e, at },
          { e, at: Math.min(at + 6 * HOUR, FINAL) },
        ]
      : [{ e, at }];
  });
  const cuts = [...new Set(d.cuts)].sort((a, b) => a - b);
  const batchOf = (at: number) => cuts.findIndex((c) => at <= c);
  const batches = new Map<number, { at: number; events: CaseEvent[] }>();
  for (const a of shuffle(arrivals, d.seed)) {
    const k = batchOf(a.at);
    const b = batches.get(k) ?? { at: 0, events: [] };
    b.at = Math.max(b.at, a.at);
    b.events.push(a.e);
    batches.set(k, b);
  }
  const timed: DeliveryStep[] = [
    ...[...batches.values()].map((b) => ({ at: b.at, kind: 'ingest' as const, events: b.events })),
    ...d.sweeps.map((at) => ({ at, kind: 'sweep' as const })),
  ].sort((a, b) => a.at - b.at);
  const steps: DeliveryStep[] = [];
  const closed = new Set<string>();
  for (const s of [...timed, { at: FINAL, kind: 'sweep' as const }]) {
    if (d.closeAfterDays !== undefined)
      for (const [month, end] of MONTH_ENDS)
        if (!closed.has(month) && s.at >= end + d.closeAfterDays * DAY) {
          closed.add(month);
          steps.push({ at: s.at, kind: 'close', month });
        }
    steps.push(s);
  }
  return steps;
}

export const histories = fc
  .array(story, { minLength: 1, maxLength: 14 })
  .map(eventsOf)
  .filter((e) => e.length > 0);
export const scenario = histories.chain((events) => fc.tuple(fc.constant(events), delivery(events.length)));
