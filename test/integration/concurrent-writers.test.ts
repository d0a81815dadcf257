import fc from 'fast-check';
import type { CaseEvent, IngestAnswer } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import { FINAL, scenario } from '../../server/src/modules/judgement/testing/histories';
import { bureau, outcome, run } from '../support/history-server';

/**
 * DESIGN.md "Writers do not queue behind each other": with no lock for the whole cluster,
 * batches posted at once to two API processes on one database must come out exactly as the
 * same events posted in event order in one batch — every event scored once, monthly caps
 * held across subjects judged in different transactions — and the outbox must still be
 * numbered without a gap or a duplicate, every row once.
 */
const inBatches = (events: CaseEvent[], cuts: number[]): CaseEvent[][] => {
  const batches: CaseEvent[][] = [];
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % events.length))].sort((a, b) => a - b)) {
    if (cut > from) batches.push(events.slice(from, cut));
    from = Math.max(from, cut);
  }
  batches.push(events.slice(from));
  return batches.filter((b) => b.length);
};

it('batches posted at once to two API processes score every event once and keep the caps', async () => {
  await fc.assert(
    fc.asyncProperty(
      scenario.filter(([events]) => events.length >= 8 && events.length <= 60),
      fc.array(fc.nat(), { minLength: 3, maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.nat(),
      async ([events, d], cuts, repeats, seed) => {
        const inOrder = await bureau(d.catalogue);
        const racing = await bureau(d.catalogue);
        try {
          const sorted = [...events].sort(
            (a, b) =>
              Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.eventId.localeCompare(b.eventId),
          );
          await run(inOrder.s, [
            { at: FINAL, kind: 'ingest', events: sorted },
            { at: FINAL, kind: 'sweep' },
          ]);

          racing.s.clock.set(FINAL);
          const sibling = await racing.s.startSibling({ JIFEN_ROLE: 'api' });
          const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
            seed,
            numRuns: 1,
          })[0];
          const batches = inBatches(shuffled, cuts);
          // Some batches go twice, to the other process, at the same time: duplicates race too.
          for (const r of repeats) batches.push(batches[r % batches.length]);
          const answers = await Promise.all(
            batches.map((b, i) =>
              fetch(`${i % 2 ? sibling.url : racing.s.url}/api/events`, {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${racing.s.adminToken}`,
                },
                body: JSON.stringify({ events: b }),
              }).then(async (res) => ({ status: res.status, body: (await res.json()) as IngestAnswer })),
            ),
          );
          for (const a of answers)
            expect([a.status, a.body.rejected, a.status === 200 ? null : a.body]).toEqual([200, [], null]);
          expect(answers.reduce((n, a) => n + a.body.accepted, 0)).toBe(events.length);
          await racing.s.jifen.app.get(JobRunner).runNow('deadlineSweep');

          const [a, b] = [await outcome(inOrder.s), await outcome(racing.s)];
          expect(b.sums).toEqual(a.sums);
          expect(b.problems).toEqual(a.problems);

          const db = racing.s.jifen.app.get(DataSource);
          const scored: { n: string; distinct: string }[] = await db.query(
            `SELECT COUNT(*) AS n, COUNT(DISTINCT "sourceKey") AS distinct FROM ledger_entries`,
          );
          expect(scored[0].n).toBe(scored[0].distinct);
          // Every committed outbox row numbered once, 1…N without a gap, whichever process wrote it.
          const outbox = await waitForNumbered(db);
          expect(outbox).toEqual(Array.from({ length: outbox.length }, (_, i) => i + 1));
        } finally {
          await inOrder.s.stop();
          await racing.s.stop();
        }
      },
    ),
    { numRuns: Number(process.env.JIFEN_SERVER_PROPERTY_RUNS ?? 3), endOnFailure: true },
  );
}, 600_000);

async function waitForNumbered(db: DataSource): Promise<number[]> {
  for (let i = 0; i < 100; i++) {
    const [{ pending }] = await db.query(`SELECT COUNT(*)::int AS pending FROM outbox WHERE seq IS NULL`);
    if (pending === 0) {
      const rows: { seq: string }[] = await db.query(`SELECT seq FROM outbox ORDER BY seq`);
      return rows.map((r) => Number(r.seq));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('outbox rows still without a seq after 10 s');
}
