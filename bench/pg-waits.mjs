#!/usr/bin/env node
// What Postgres's backends for a bench's database are doing, sampled from pg_stat_activity
// while a bench runs (start it by hand next to `npm run bench:ingest`): per sample, each
// active backend's wait (or "on CPU") and the start of its statement. Where ingestion's time
// goes on the database side, without pg_stat_statements (not preloaded on every machine).
// Usage: node bench/pg-waits.mjs DATABASE-NAME-PREFIX [seconds, default 20]
import { createRequire } from 'node:module';
import { PG_ADMIN } from './support.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const [prefix, seconds = '20'] = process.argv.slice(2);
if (!prefix) {
  console.error('usage: node bench/pg-waits.mjs DATABASE-NAME-PREFIX [seconds]');
  process.exit(2);
}
const c = new Client({ connectionString: PG_ADMIN });
await c.connect();
const waits = new Map();
const statements = new Map();
let samples = 0;
let active = 0;
const until = Date.now() + Number(seconds) * 1000;
while (Date.now() < until) {
  const { rows } = await c.query(
    `SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS q
     FROM pg_stat_activity WHERE datname LIKE $1 AND state = 'active' AND pid <> pg_backend_pid()`,
    [`${prefix}%`],
  );
  samples++;
  active += rows.length;
  for (const r of rows) {
    waits.set(r.wait, (waits.get(r.wait) ?? 0) + 1);
    const k = `${r.wait.padEnd(28)} ${r.q}`;
    statements.set(k, (statements.get(k) ?? 0) + 1);
  }
  await new Promise((r) => setTimeout(r, 50));
}
await c.end();
console.log(`${samples} samples, ${(active / samples).toFixed(2)} active backends on average`);
const show = (m, n) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, v]) => console.log(`  ${((100 * v) / active).toFixed(1).padStart(5)} %  ${k}`));
console.log('waits (share of active backend samples):');
show(waits, 12);
console.log('statements:');
show(statements, 20);
