#!/usr/bin/env node
// The monthly airing (DESIGN.md "Targets": 50,000 officers over 5 million ledger rows in
// under 10 s). A fresh database migrated by a Jifen process, a bureau of N officers imported
// through the API, then R ledger rows loaded with INSERT … SELECT (nine tenths in the aired
// month, one tenth in the month before, which the airing compares with) and ANALYZEd.
// Timed, alternating, three times each:
//   Jifen: the publication module's own computation (SnapshotBuilder.build of a monthly
//          airing, in a Jifen application started in this process on that database);
//   baseline: the plain SQL aggregation of the same rows (sums per officer, unit, kind and
//          dimension for both months), on the same connection settings.
// Usage: npm run bench:airing -- [--size small|medium|large] [--officers N] [--rows R]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Stage, fmt, machine, options, seedBureau } from './support.mjs';

const require = createRequire(import.meta.url);
const opts = options({
  small: { officers: 5000, rows: 500_000 },
  medium: { officers: 20000, rows: 2_000_000 },
  large: { officers: 50000, rows: 5_000_000 },
});
const ZONE = 'Asia/Shanghai';
const now = new Date();
const monthOf = (d) => d.toISOString().slice(0, 7);
const AIRED = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)));
const BEFORE = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 15)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `bench:airing --size ${opts.size}: ${fmt(opts.officers)} officers, ${fmt(opts.rows)} ledger rows ` +
    `(${AIRED} aired, ${BEFORE} compared with)`,
);
console.log(`machine: ${machine()}; ${new Date().toISOString()}`);
const stage = await new Stage('airing').open();
let app = null;
try {
  const seeding = await stage.start('all', 4500 + (process.pid % 100));
  let t = performance.now();
  const bureau = await seedBureau(seeding.url, opts.officers);
  console.log(`  org import of ${fmt(opts.officers)} officers: ${fmt((performance.now() - t) / 1000, 1)} s`);
  // Stopped before the load: a process in the `all` role might start a scheduled airing itself.
  await stage.stopProcesses();

  const stations = bureau.units.length - 1;
  const { DataSource } = require('typeorm');
  const { ensureMonthPartitions } = require('../server/dist/core/database/partitions/month-partitions.js');
  const ds = new DataSource({ type: 'postgres', url: stage.url });
  await ds.initialize();
  await ensureMonthPartitions(ds, [BEFORE, AIRED], ZONE);
  t = performance.now();
  const chunk = 500_000;
  for (let from = 0; from < opts.rows; from += chunk) {
    await ds.query(
      `INSERT INTO ledger_entries ("sourceKey", "baseKey", "badgeNo", "unitCode", month, "forMonth", "occurredAt",
         points, kind, dimension, "ruleId", "catalogueVersion", source, "sourceRef", "subjectId", reason, "createdAt")
       SELECT 'bench:' || g, 'bench:' || g, (300000 + o)::text, 'BB-' || (o % $3 + 1), m, m, 0,
              CASE WHEN g % 10 = 0 THEN -5 ELSE 10 * (1 + g % 4) END,
              CASE WHEN g % 10 = 0 THEN 'deduction' WHEN g % 10 = 1 THEN 'bonus' ELSE 'base' END,
              (ARRAY['quantity', 'quality', 'efficiency'])[1 + g % 3], 'R' || (g % 40), 1, 'event',
              'E' || (g / 2), 'case:C' || (g / 2), 'bench', 0
       FROM generate_series($1::bigint, $2::bigint) g,
            LATERAL (SELECT (g * 7919) % $4 AS o, CASE WHEN g % 10 = 9 THEN $5 ELSE $6 END AS m) x`,
      [from + 1, Math.min(opts.rows, from + chunk), stations, opts.officers, BEFORE, AIRED],
    );
  }
  const loadS = (performance.now() - t) / 1000;
  t = performance.now();
  await ds.query('ANALYZE');
  const [size] = await ds.query(
    `SELECT pg_database_size(current_database()) AS db,
            (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'ledger_entries'::regclass) AS ledger`,
  );
  console.log(
    `  load: ${fmt(opts.rows)} ledger rows in ${fmt(loadS, 1)} s, ANALYZE ${fmt((performance.now() - t) / 1000, 1)} s; ` +
      `database ${fmt(size.db / 2 ** 20)} MB, of which the ledger with its indexes ${fmt(size.ledger / 2 ** 20)} MB`,
  );
  await ds.destroy();

  // The real computation: a Jifen application on the loaded database, in this process.
  const { loadConfig } = require('../server/dist/config/config.js');
  const { startJifen } = require('../server/dist/jifen.js');
  const { SnapshotBuilder } = require('../server/dist/modules/publication/snapshot-builder.js');
  const {
    PublicationSettingsService,
  } = require('../server/dist/modules/publication/publication-settings.service.js');
  const running = await startJifen(
    loadConfig({
      DATABASE_URL: stage.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      JIFEN_REDIS_PREFIX: stage.redisPrefix,
      JIFEN_ROLE: 'api',
      JIFEN_DEMO: '0',
      JIFEN_LOG_LEVEL: 'warn',
      JIFEN_ADMIN_PASSWORD: 'bench-admin-password',
      HOST: '127.0.0.1',
      PORT: String(4600 + (process.pid % 100)),
      NODE_ENV: 'production',
    }),
  );
  app = running.app;
  const builder = app.get(SnapshotBuilder);
  const settings = await app.get(PublicationSettingsService).get();
  const pg = new (require('pg').Client)({ connectionString: stage.url });
  await pg.connect();
  const plain = async () => {
    const sums = `SELECT "badgeNo", "unitCode", kind, dimension, SUM(points) AS points FROM ledger_entries
                  WHERE month = $1 GROUP BY 1, 2, 3, 4`;
    const a = await pg.query(sums, [AIRED]);
    const b = await pg.query(sums, [BEFORE]);
    return a.rows.length + b.rows.length;
  };
  const jifen = [];
  const baseline = [];
  let snapshot;
  let groups;
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    snapshot = await builder.build({
      kind: 'monthly',
      period: AIRED,
      version: 1,
      publishedAt: Date.now(),
      settings,
      reissue: null,
    });
    jifen.push((performance.now() - t) / 1000);
    t = performance.now();
    groups = await plain();
    baseline.push((performance.now() - t) / 1000);
  }
  await pg.end();
  const ranked = snapshot.rows.length;
  const total = snapshot.rows.reduce((s, r) => s + Math.round(r.total * 10), 0) / 10;
  const [{ sum }] = await stage.sql(
    `SELECT SUM(points)::float / 10 AS sum FROM ledger_entries WHERE month = $1`,
    [AIRED],
  );
  console.log(
    `  snapshot: ${fmt(ranked)} officers ranked, ${snapshot.units.length} units; total ${fmt(total, 1)} points ` +
      `(the ledger's sum for ${AIRED}: ${fmt(sum, 1)}); plain aggregation: ${fmt(groups)} groups`,
  );
  console.log(`  Jifen SnapshotBuilder.build: ${jifen.map((s) => `${fmt(s, 2)} s`).join(', ')}`);
  console.log(`  baseline, plain SQL:         ${baseline.map((s) => `${fmt(s, 2)} s`).join(', ')}`);
  console.log(
    `FIGURE airing: ${fmt(median(jifen), 2)} s for ${fmt(opts.officers)} officers over ${fmt(opts.rows)} ledger rows (target < 10 s); ` +
      `baseline plain SQL aggregation ${fmt(median(baseline), 2)} s; ${fmt(median(jifen) / median(baseline), 1)} × baseline`,
  );
} finally {
  if (app) await app.close();
  await stage.close();
}
