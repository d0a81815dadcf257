import fc from 'fast-check';
import type { CaseEvent, IngestAnswer } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import { FINAL, scenario } from '../../server/src/modules/judgement/testing/histories';
import { DEFAULT_CATALOGUE } from '@jifen/shared';
import { event, type RawEvent } from '../factories/events';
import { bureau, OFFICERS, outcome, run } from '../support/history-server';

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

/**
 * Many batches at once whose cases run across batches: each batch upserts and locks the
 * cases it touches. Locked in different orders they deadlocked, and a batch that lost four
 * times in a row answered 500; in one order the later batch waits and every batch lands.
 */
it('twenty batches sharing their cases, posted at once, all land and score as the same events posted in order', async () => {
  const at = (t: number) => new Date(Date.parse('2026-11-20T08:00:00+08:00') + t * 60_000).toISOString();
  const events: RawEvent[] = [];
  for (let i = 0; i < 400; i++) {
    const o = OFFICERS[i % OFFICERS.length];
    const common = { unitCode: o.unitCode, officers: [{ badgeNo: o.badgeNo, role: 'primary' as const }] };
    const t = i * 7;
    if (i % 2) {
      const subject = { kind: 'incident' as const, ref: `I-${i}` };
      events.push(event('incident.received', { ...common, subject, occurredAt: at(t) }));
      events.push(event('incident.handled', { ...common, subject, occurredAt: at(t + 20) }));
      events.push(event('av.linked', { ...common, subject, occurredAt: at(t + 60) }));
    } else {
      const subject = { kind: 'case' as const, ref: `C-${i}` };
      const data = { caseKind: 'administrative', category: '盗窃' };
      events.push(event('case.accepted', { ...common, subject, occurredAt: at(t), data }));
      events.push(
        event('case.review.passed', {
          ...common,
          subject,
          occurredAt: at(t + 90),
          data: { firstTime: true },
        }),
      );
      events.push(event('case.concluded', { ...common, subject, occurredAt: at(t + 200) }));
    }
  }
  const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
    seed: 7,
    numRuns: 1,
  })[0];
  const batches = Array.from({ length: 20 }, (_, i) => shuffled.filter((_, j) => j % 20 === i));
  const now = Date.parse('2026-11-25T12:00:00+08:00');
  const inOrder = await bureau(DEFAULT_CATALOGUE);
  const racing = await bureau(DEFAULT_CATALOGUE);
  try {
    inOrder.s.clock.set(now);
    racing.s.clock.set(now);
    const sorted = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    for (let i = 0; i < sorted.length; i += 500) {
      const r = await inOrder.s.api(
        'POST',
        '/api/events',
        { events: sorted.slice(i, i + 500) },
        inOrder.token,
      );
      expect(r.status).toBe(200);
    }
    const sibling = await racing.s.startSibling({ JIFEN_ROLE: 'api' });
    const answers = await Promise.all(
      batches.map((b, i) =>
        fetch(`${i % 2 ? sibling.url : racing.s.url}/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${racing.token}` },
          body: JSON.stringify({ events: b }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as IngestAnswer })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(batches.map(() => 200));
    expect(answers.reduce((n, a) => n + a.body.accepted, 0)).toBe(events.length);
    expect(await outcome(racing.s)).toEqual(await outcome(inOrder.s));
  } finally {
    await inOrder.s.stop();
    await racing.s.stop();
  }
}, 300_000);

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
