#!/usr/bin/env node
// Ingestion throughput (DESIGN.md "Targets": ≥ 3,000 events/s sustained in batches of 500,
// every event scored and checked, and ≥ 40 % of raw inserts of the same rows in the same run).
// For 1 and then 2 API processes (plus one worker) on a fresh database and Redis prefix, a
// bureau of N officers is seeded; then for 1, 2 and 4 concurrent load-generator processes:
//   Jifen: batches of 500 of the demo simulator's realistic events posted for S seconds;
//   baseline (after the last Jifen run, in the same database): the same kinds of rows (event,
//   its ledger rows, one outbox row per event) copied from what Jifen wrote, inserted raw in
//   batches of 500 by 1, 2 and 4 processes.
// Usage: npm run bench:ingest -- [--size small|medium|large] [--officers N] [--seconds S] [--cpu-prof]
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Stage, fmt, machine, options, percentile, runChild, seedBureau, ROOT } from './support.mjs';

const opts = options({
  small: { officers: 500, seconds: 12, batches: 400 },
  medium: { officers: 2000, seconds: 25, batches: 800 },
  large: { officers: 10000, seconds: 40, batches: 1200 },
});
const CLIENTS = [1, 2, 4];
const APIS = [1, 2];
const CLIENT = path.join(ROOT, 'bench', 'clients', 'ingest-client.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jifen-bench-ingest-'));

async function load(mode, clients, base) {
  const file = path.join(tmp, `${mode}-${clients}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ ...base, mode, seconds: opts.seconds, batches: opts.batches }));
  const t = Date.now();
  const results = await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      runChild(CLIENT, [file, String(i)], { timeoutMs: (opts.seconds + 180) * 1000 }),
    ),
  );
  const wall = (Date.now() - t) / 1000;
  const events = results.reduce((s, r) => s + r.events, 0);
  const seconds = Math.max(...results.map((r) => r.seconds));
  const lat = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    events,
    seconds,
    wall,
    perSecond: events / seconds,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
  };
}

/** What the raw baseline inserts: rows Jifen has just written, with their columns. */
async function template(stage) {
  const columns = {};
  for (const table of ['events', 'ledger_entries', 'outbox']) {
    const rows = await stage.sql(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_default IS NULL
         AND column_name NOT IN ('seq') AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    );
    columns[table] = rows.map((r) => r.column_name);
  }
  const events = await stage.sql(
    `SELECT ${columns.events.map((c) => `"${c}"`).join(', ')} FROM events ORDER BY "receivedAt" DESC LIMIT 2000`,
  );
  const ledger = await stage.sql(
    `SELECT ${columns.ledger_entries.map((c) => `"${c}"`).join(', ')} FROM ledger_entries WHERE source = 'event' AND "sourceRef" = ANY($1)`,
    [events.map((e) => e.eventId)],
  );
  const [outbox] = await stage.sql(
    `SELECT ${columns.outbox.map((c) => `"${c}"`).join(', ')} FROM outbox WHERE kind = 'score' ORDER BY id DESC LIMIT 1`,
  );
  const outboxPayload = typeof outbox.payload === 'string' ? JSON.parse(outbox.payload) : outbox.payload;
  return { columns, template: { events, ledger, outbox, outboxPayload } };
}

console.log(
  `bench:ingest --size ${opts.size}: ${fmt(opts.officers)} officers, ${opts.seconds} s per run, batches of 500`,
);
console.log(`machine: ${machine()}; ${new Date().toISOString()}`);
const rows = [];
const baseline = [];
for (const apis of APIS) {
  const stage = await new Stage(`ingest${apis}`).open();
  try {
    const first = await stage.start('api', 4100 + (process.pid % 50) * 4, { cpuProf: opts.cpuProf });
    const urls = [first.url];
    for (let i = 1; i < apis; i++)
      urls.push((await stage.start('api', 4101 + (process.pid % 50) * 4 + i, { cpuProf: opts.cpuProf })).url);
    await stage.start('worker', 0, { cpuProf: opts.cpuProf });
    const bureau = await seedBureau(first.url, opts.officers);
    const base = {
      urls,
      token: bureau.ingestToken,
      units: bureau.units,
      officers: bureau.officers,
      databaseUrl: stage.url,
    };
    for (const clients of CLIENTS) {
      const j = await load('jifen', clients, { ...base, tag: `a${apis}n${clients}` });
      const [{ n: ledgerRows }] = await stage.sql(`SELECT count(*)::int AS n FROM ledger_entries`);
      rows.push({ apis, clients, j, ledgerRows });
      console.log(
        `  ${apis} API, ${clients} client(s): Jifen ${fmt(j.perSecond)} events/s (batch p50 ${fmt(j.p50)} ms, p99 ${fmt(j.p99)} ms); ` +
          `ledger now ${fmt(ledgerRows)} rows`,
      );
    }
    // The baseline last, on the last stage: Jifen's runs each met only the rows Jifen wrote.
    if (apis === APIS[APIS.length - 1]) {
      const raw = await template(stage);
      // Alone: Jifen's idle processes would otherwise sequence the baseline's outbox rows.
      await stage.stopProcesses();
      for (const clients of CLIENTS) {
        const r = await load('raw', clients, { ...base, ...raw, tag: `raw${clients}` });
        baseline.push({ clients, r });
        console.log(
          `  baseline, ${clients} process(es) of raw inserts: ${fmt(r.perSecond)} events/s (batch p50 ${fmt(r.p50)} ms)`,
        );
      }
    }
    const [ratio] = await stage.sql(
      `SELECT (SELECT count(*) FROM ledger_entries WHERE source = 'event' AND "sourceRef" NOT LIKE '%~r%')::float /
              NULLIF((SELECT count(*) FROM events WHERE "eventId" NOT LIKE '%~r%'), 0) AS ledger_per_event,
              ((SELECT count(*) FROM outbox) - (SELECT count(*) FROM events WHERE "eventId" LIKE '%~r%'))::float /
              NULLIF((SELECT count(*) FROM events WHERE "eventId" NOT LIKE '%~r%'), 0) AS outbox_per_event`,
    );
    console.log(
      `  rows Jifen wrote per event: ${fmt(ratio.ledger_per_event, 2)} ledger rows, ${fmt(ratio.outbox_per_event, 2)} outbox rows (all runs)`,
    );
  } finally {
    await stage.close();
  }
}
const best = rows.reduce((a, b) => (b.j.perSecond > a.j.perSecond ? b : a));
const bestRaw = baseline.reduce((a, b) => (b.r.perSecond > a.r.perSecond ? b : a));
for (const { apis, clients, j } of rows) {
  const r = baseline.find((x) => x.clients === clients).r;
  console.log(
    `  ${apis} API, ${clients} client(s): ${fmt((100 * j.perSecond) / r.perSecond, 1)} % of raw inserts at ${clients} process(es)`,
  );
}
console.log(
  `FIGURE ingest: best ${fmt(best.j.perSecond)} events/s sustained (${best.apis} API, ${best.clients} clients; target ≥ 3,000); ` +
    `baseline, raw inserts of the same rows: best ${fmt(bestRaw.r.perSecond)} events/s (${bestRaw.clients} processes); ` +
    `ratio ${fmt((100 * best.j.perSecond) / bestRaw.r.perSecond, 1)} % (target ≥ 40 %)`,
);
if (opts.cpuProf) console.log(`CPU profiles of the Jifen processes: test-results/profiles/`);
