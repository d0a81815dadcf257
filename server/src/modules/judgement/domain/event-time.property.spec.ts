import fc from 'fast-check';
import type { CaseEvent, RuleCatalogue } from '@jifen/shared';
import {
  deliveryPlan,
  FINAL,
  HOLIDAYS,
  scenario,
  shuffle,
  TZ,
  unitOf,
  type Delivery,
} from '../testing/histories';
import { MemoryStore, type BookedRow } from '../testing/memory-store';

/**
 * RULES.md "Event time and late reports": the same events give the same ledger and the same
 * problems whatever order, batching and delay they arrive in. Random case, incident and
 * complaint histories are fed (a) in event order in one batch with a sweep after, and
 * (b) shuffled, split into random batches, delivered late, some twice, with sweeps and month
 * closings at random times in between; the outcomes must be equal.
 *
 * Two rules are about arrival itself and are left out of the comparison by their definition:
 * LATE_ENTRY (a step reported late) and RECTIFY_OVERDUE (people not acting in time after being
 * told), whose clock starts when the problem reaches them.
 */

const COMPARED = (ruleId: string) => ruleId !== 'LATE_ENTRY' && ruleId !== 'RECTIFY_OVERDUE';

function ledgerSums(rows: BookedRow[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const r of rows) {
    if (!COMPARED(r.ruleId)) continue;
    const k = `${r.badgeNo} ${r.unitCode} ${r.forMonth} ${r.ruleId}`;
    sums[k] = (sums[k] ?? 0) + r.points;
  }
  return Object.fromEntries(Object.entries(sums).filter(([, v]) => v !== 0));
}

function standingProblems(store: MemoryStore): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of store.problems.values()) {
    if (!COMPARED(p.ruleId) || p.resolution === 'withdrawn' || p.resolution === 'fulfilled') continue;
    out[p.id] = `${p.ruleId} ${p.stage} ${p.status} ${p.points}`;
  }
  return out;
}

const storeFor = (catalogue: RuleCatalogue) =>
  new MemoryStore({ timeZone: TZ, unitOf, catalogue, holidays: HOLIDAYS });

function runInOrder(events: CaseEvent[], catalogue: RuleCatalogue): MemoryStore {
  const store = storeFor(catalogue);
  store.ingest(events, FINAL);
  store.sweep(FINAL);
  return store;
}

function runAsDelivered(events: CaseEvent[], d: Delivery): MemoryStore {
  const store = storeFor(d.catalogue);
  for (const step of deliveryPlan(events, d)) {
    if (step.kind === 'ingest') store.ingest(step.events, step.at);
    else if (step.kind === 'sweep') store.sweep(step.at);
    else store.closeMonth(step.month, step.at);
  }
  return store;
}

describe('event time: arrival never changes the outcome', () => {
  it('the same ledger sums per officer, unit, month and rule, and the same standing problems', () => {
    fc.assert(
      fc.property(scenario, ([events, d]) => {
        const a = runInOrder(events, d.catalogue);
        const b = runAsDelivered(events, d);
        expect(ledgerSums(b.ledger)).toEqual(ledgerSums(a.ledger));
        expect(standingProblems(b)).toEqual(standingProblems(a));
      }),
      {
        numRuns: Number(process.env.JIFEN_PROPERTY_RUNS ?? 150),
        endOnFailure: !!process.env.JIFEN_NO_SHRINK,
      },
    );
  });

  it('never books a row into a month already closed, and marks late corrections with their own month', () => {
    fc.assert(
      fc.property(scenario, ([events, d]) => {
        const b = runAsDelivered(events, { ...d, closeAfterDays: d.closeAfterDays ?? 3 });
        for (const r of b.ledger) {
          const closedAt = b.closedMonths.get(r.month);
          expect(closedAt === undefined || closedAt > r.bookedAt).toBe(true);
          expect(r.lateCorrection).toBe(r.month !== r.forMonth);
          if (r.lateCorrection) expect(b.closedMonths.get(r.forMonth)! <= r.bookedAt).toBe(true);
        }
      }),
      { numRuns: Number(process.env.JIFEN_PROPERTY_RUNS ?? 60), endOnFailure: !!process.env.JIFEN_NO_SHRINK },
    );
  });

  it('judging again changes nothing: every subject re-judged, every event delivered again', () => {
    fc.assert(
      fc.property(scenario, ([events, d]) => {
        const b = runAsDelivered(events, d);
        const rows = b.ledger.length;
        const problems = JSON.stringify([...b.problems.values()]);
        b.rejudgeAll(FINAL);
        b.ingest(shuffle(events, d.seed + 1), FINAL);
        expect(b.ledger.slice(rows)).toEqual([]);
        expect(JSON.stringify([...b.problems.values()])).toBe(problems);
      }),
      { numRuns: Number(process.env.JIFEN_PROPERTY_RUNS ?? 60), endOnFailure: !!process.env.JIFEN_NO_SHRINK },
    );
  });
});
