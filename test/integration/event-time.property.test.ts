import fc from 'fast-check';
import type { CaseEvent } from '@jifen/shared';
import { deliveryPlan, FINAL, scenario } from '../../server/src/modules/judgement/testing/histories';
import { bureau, outcome, run } from '../support/history-server';

/**
 * RULES.md "Event time and late reports" against the real server and Postgres: random
 * histories fed (a) in event order in one batch with a sweep after, and (b) shuffled, split,
 * delayed, some twice, with sweeps and month closings in between, to two fresh servers. The
 * ledger sums per officer, unit, month and rule and the standing problems must be equal.
 * (LATE_ENTRY and RECTIFY_OVERDUE are about arrival and people's response by definition.)
 * The in-memory property test runs the same pure pipeline thousands of times; this proves the
 * server runs it.
 */
it('the same events give the same ledger and problems through the server, however they arrive', async () => {
  await fc.assert(
    fc.asyncProperty(
      scenario.filter(([events]) => events.length <= 60),
      async ([events, d]) => {
        const inOrder = await bureau(d.catalogue);
        const delivered = await bureau(d.catalogue);
        try {
          await run(inOrder.s, [
            {
              at: FINAL,
              kind: 'ingest',
              events: [...events].sort(
                (a: CaseEvent, b: CaseEvent) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt),
              ),
            },
            { at: FINAL, kind: 'sweep' },
          ]);
          await run(delivered.s, deliveryPlan(events, d));
          const [a, b] = [await outcome(inOrder.s), await outcome(delivered.s)];
          expect(b.sums).toEqual(a.sums);
          expect(b.problems).toEqual(a.problems);
        } finally {
          await inOrder.s.stop();
          await delivered.s.stop();
        }
      },
    ),
    { numRuns: Number(process.env.JIFEN_SERVER_PROPERTY_RUNS ?? 3), endOnFailure: true },
  );
}, 600_000);
