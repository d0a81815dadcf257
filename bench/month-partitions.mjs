#!/usr/bin/env node
// What monthly partitions cost and save on Postgres: the same ledger and event rows loaded
// into a database at the schema before MonthPartitions (plain tables, single-column unique
// keys: the baseline) and into one at the current schema (partitioned, key tables), then
//   - one month's airing aggregate (what an airing and the leaderboard cache sum up),
//   - a year's aggregate (the yearly leaderboard),
//   - batches of 500 ledger rows booked, and batches of 500 new events stored with their
//     duplicate check, as ingestion does them,
//   - what judgement reads for 500 cases (their events and ledger rows), for cases of the last
//     month (a batch of current events) and for cases of any month (a refold, a backfill).
// Needs the built server (node scripts/build.mjs) and the machine's Postgres.
// Usage: node bench/month-partitions.mjs [ledger rows, default 1200000]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { DataSource } = require('typeorm');
const { Client } = require('pg');
const { MIGRATIONS } = require('../server/dist/core/database/migrations/index.js');
const { ensureMonthPartitions } = require('../server/dist/core/database/partitions/month-partitions.js');

const ROWS = Number(process.argv[2] ?? 1_200_000);
const OFFICERS = 5_000;
const ADMIN = process.env.JIFEN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ZONE = 'Asia/Shanghai';
const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
const partitionedAt = MIGRATIONS.findIndex((m) => m.name === 'MonthPartitions1796534408849');

async function admin(sql) {
  const c = new Client({ connectionString: ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function schema(name, migrations) {
  await admin(`DROP DATABASE IF EXISTS "${name}"`);
  await admin(`CREATE DATABASE "${name}"`);
  const ds = new DataSource({ type: 'postgres', url: ADMIN.replace(/\/[^/]*$/, `/${name}`), migrations });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

const LEDGER_COLUMNS = `"sourceKey", "baseKey", "badgeNo", "unitCode", month, "forMonth", "occurredAt", points,
  kind, dimension, "ruleId", "catalogueVersion", source, "sourceRef", "subjectId", reason, "createdAt"`;

const EVENTS = ROWS / 2;
const START = Date.parse('2025-01-01T00:00:00+08:00');
const YEAR_MS = 365 * 24 * 3600_000;
/** Case C<k> has one event, the k-th of the year; its ledger rows count in that event's month. */
const atOf = (k) => START + Math.floor((k * YEAR_MS) / EVENTS);

async function load(ds) {
  const t = performance.now();
  await ds.query(
    `INSERT INTO ledger_entries (${LEDGER_COLUMNS})
     SELECT 'event:E' || g || ':R:' || b, 'event:E' || g || ':R', b, 'U' || (g % 100), m, m, at, 10,
            'reward', 'workload', 'R', 1, 'event', 'E' || c, 'case:C' || c, 'r', 0
     FROM generate_series(1, $1) g,
          LATERAL (SELECT (100000 + g % ${OFFICERS})::text AS b, (g + 1) / 2 AS c) x,
          LATERAL (SELECT ${START}::bigint + (c::bigint * ${YEAR_MS} / $2) AS at) y,
          LATERAL (SELECT to_char(to_timestamp(at / 1000.0) AT TIME ZONE '${ZONE}', 'YYYY-MM') AS m) z`,
    [ROWS, EVENTS],
  );
  await ds.query(
    `INSERT INTO events ("eventId", type, "occurredAt", "occurredAtText", "receivedAt", "unitCode",
       "subjectKind", "subjectRef", officers, data, "subjectId")
     SELECT 'E' || g, 'case.filed', at, '', at, 'U1', 'case', 'C' || g, '[]', '{}', 'case:C' || g
     FROM generate_series(1, $1) g,
          LATERAL (SELECT ${START}::bigint + (g::bigint * ${YEAR_MS} / $1) AS at) x`,
    [EVENTS],
  );
  await ds.query('VACUUM ANALYZE');
  return performance.now() - t;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(runs, f) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return median(out);
}

const AIRING = `SELECT "badgeNo", "unitCode", month, kind, dimension, SUM(points) FROM ledger_entries
  WHERE month = '2025-06' GROUP BY 1, 2, 3, 4, 5`;
const YEAR = `SELECT "badgeNo", "unitCode", month, kind, dimension, SUM(points) FROM ledger_entries
  WHERE month >= '2025-01' AND month <= '2025-12' GROUP BY 1, 2, 3, 4, 5`;

async function book(ds, batch) {
  const keys = Array.from({ length: 500 }, (_, i) => `bench:${batch}:${i}`);
  await ds.transaction((m) =>
    m.query(
      `INSERT INTO ledger_entries (${LEDGER_COLUMNS})
       SELECT k, k, '100001', 'U1', '2025-06', '2025-06', 0, 10, 'reward', 'workload', 'R', 1, 'event', k,
              'case:X', 'r', 0 FROM unnest($1::varchar[]) k`,
      [keys],
    ),
  );
}

/** Ingestion's duplicate check and insert: a claim in event_ids, or (baseline) a lookup in events. */
async function store(ds, batch, partitioned) {
  const ids = Array.from({ length: 500 }, (_, i) => `N${batch}-${i}`);
  await ds.transaction(async (m) => {
    let fresh;
    if (partitioned) {
      const claimed = await m.query(
        `INSERT INTO event_ids ("eventId") SELECT unnest($1::varchar[]) ON CONFLICT DO NOTHING RETURNING "eventId"`,
        [[...ids].sort()],
      );
      fresh = claimed.map((r) => r.eventId);
    } else {
      const found = await m.query(`SELECT "eventId" FROM events WHERE "eventId" = ANY($1)`, [ids]);
      const seen = new Set(found.map((r) => r.eventId));
      fresh = ids.filter((id) => !seen.has(id));
    }
    await m.query(
      `INSERT INTO events ("eventId", type, "occurredAt", "occurredAtText", "receivedAt", "unitCode",
         "subjectKind", "subjectRef", officers, data, "subjectId")
       SELECT id, 'case.filed', 1748736000000, '', 0, 'U1', 'case', id, '[]', '{}', 'case:' || id
       FROM unnest($1::varchar[]) id`,
      [fresh],
    );
  });
}

/** 500 cases of the last month (what a batch of current events touches), or of any month. */
const pick = (round, span) =>
  Array.from({ length: 500 }, (_, i) => EVENTS - span + 1 + ((round * 7919 + i * 104729) % span));
const monthOf = (at) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).format(at);

/**
 * What judgement reads for a batch: the cases' events and ledger rows. On the partitioned
 * schema bounded as the server bounds them (subjects.firstAt, a month's margin for the ledger);
 * the baseline reads as the previous version did.
 */
async function readCases(ds, partitioned, ks) {
  const ids = ks.map((k) => `case:C${k}`);
  const since = Math.min(...ks.map(atOf));
  if (!partitioned) {
    await ds.query(`SELECT * FROM events WHERE "subjectId" = ANY($1)`, [ids]);
    return ds.query(`SELECT * FROM ledger_entries WHERE "subjectId" = ANY($1)`, [ids]);
  }
  await ds.query(`SELECT * FROM events WHERE "subjectId" = ANY($1) AND "occurredAt" >= $2`, [ids, since]);
  return ds.query(`SELECT * FROM ledger_entries WHERE "subjectId" = ANY($1) AND month >= $2`, [
    ids,
    monthOf(since - 31 * 24 * 3600_000),
  ]);
}

async function measure(label, ds, partitioned) {
  const loadMs = await load(ds);
  await ds.query(AIRING); // warm the cache once, as a server that has been running would be
  const airing = await timed(7, () => ds.query(AIRING));
  const year = await timed(5, () => ds.query(YEAR));
  const booking = await timed(60, (i) => book(ds, i));
  const storing = await timed(60, (i) => store(ds, i, partitioned));
  const current = await timed(30, (i) => readCases(ds, partitioned, pick(i, Math.floor(EVENTS / 12))));
  const anyMonth = await timed(30, (i) => readCases(ds, partitioned, pick(i, EVENTS)));
  return { label, loadMs, airing, year, booking, storing, current, anyMonth };
}

const pid = process.pid;
const plain = await schema(`jifen_bench_plain_${pid}`, MIGRATIONS.slice(0, partitionedAt));
const parted = await schema(`jifen_bench_parted_${pid}`, MIGRATIONS);
await ensureMonthPartitions(parted, MONTHS, ZONE);
try {
  const results = [
    await measure('plain (baseline)', plain, false),
    await measure('partitioned', parted, true),
  ];
  const [{ n: parts }] = await parted.query(
    `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'ledger_entries'::regclass`,
  );
  console.log(
    `${ROWS.toLocaleString('en')} ledger rows and ${(ROWS / 2).toLocaleString('en')} events over 12 months, ` +
      `${OFFICERS} officers; ${parts} ledger partitions; medians in ms`,
  );
  console.log(
    'schema              load  month airing  year sums  book 500 rows  store 500 events  500 current cases  500 cases of any month',
  );
  for (const r of results)
    console.log(
      `${r.label.padEnd(18)}${r.loadMs.toFixed(0).padStart(6)}${r.airing.toFixed(1).padStart(14)}` +
        `${r.year.toFixed(1).padStart(11)}${r.booking.toFixed(2).padStart(15)}${r.storing.toFixed(2).padStart(18)}` +
        `${r.current.toFixed(2).padStart(19)}${r.anyMonth.toFixed(2).padStart(24)}`,
    );
  // The upgrade of the baseline database, as the first start of the new version does it.
  const upgrading = new DataSource({ ...plain.options, migrations: MIGRATIONS });
  await upgrading.initialize();
  let t = performance.now();
  await upgrading.runMigrations();
  const migrateMs = performance.now() - t;
  t = performance.now();
  await ensureMonthPartitions(upgrading, [], ZONE);
  const splitMs = performance.now() - t;
  await upgrading.destroy();
  console.log(
    `upgrading the baseline database: migrations ${(migrateMs / 1000).toFixed(1)} s, ` +
      `then months moved out of the default partitions ${(splitMs / 1000).toFixed(1)} s`,
  );
} finally {
  await plain.destroy();
  await parted.destroy();
  await admin(`DROP DATABASE IF EXISTS "jifen_bench_plain_${pid}"`);
  await admin(`DROP DATABASE IF EXISTS "jifen_bench_parted_${pid}"`);
}
