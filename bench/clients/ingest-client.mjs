#!/usr/bin/env node
// One load generator of bench/ingest.mjs, a process of its own: posts batches of 500 events
// back to back until its count or its time is up, and prints one JSON line with what it did.
//   jifen mode: POST /api/events to the given API processes in turn; every answer is checked
//               (all 500 accepted, none rejected or duplicate), or the run fails;
//   raw mode:   the baseline — the same kinds of rows (each event row, its ledger rows, one
//               outbox row) copied from a template and inserted with one multi-row INSERT per
//               table per batch, in one transaction, into the same Postgres.
// Usage: node bench/clients/ingest-client.mjs CONFIG.json CLIENT-INDEX
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { eventStories } from '../event-stories.mjs';

const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const index = Number(process.argv[3]);
const BATCH = 500;
const deadline = Date.now() + config.seconds * 1000;
const latencies = [];
let events = 0;

async function jifen() {
  const { Agent, request } = require('undici');
  const agent = new Agent({ connections: 1, headersTimeout: 120_000, bodyTimeout: 120_000 });
  const next = eventStories({
    units: config.units,
    officers: config.officers,
    tag: `${config.tag}c${index}`,
    open: 300,
  });
  for (let b = 0; b < config.batches && Date.now() < deadline; b++) {
    const url = config.urls[(index + b) % config.urls.length];
    const body = JSON.stringify({ events: next(BATCH) });
    const t = performance.now();
    const res = await request(`${url}/api/events`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
      body,
    });
    const text = await res.body.text();
    latencies.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`batch ${b}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
    const answer = JSON.parse(text);
    if (answer.accepted !== BATCH || answer.rejected.length || answer.duplicates)
      throw new Error(
        `batch ${b}: accepted ${answer.accepted}, duplicates ${answer.duplicates}, rejected ${JSON.stringify(answer.rejected.slice(0, 2))}`,
      );
    events += answer.accepted;
  }
  await agent.close();
}

async function raw() {
  const { Client } = require('pg');
  const db = new Client({ connectionString: config.databaseUrl });
  await db.connect();
  const { template } = config;
  const blocks = template.events.length / BATCH;
  for (let b = 0; b < config.batches && Date.now() < deadline; b++) {
    const suffix = `~r${config.tag}c${index}b${b}`;
    const k = b % blocks;
    const evs = template.events
      .slice(k * BATCH, (k + 1) * BATCH)
      .map((e) => ({ ...e, eventId: e.eventId + suffix }));
    const keys = new Set(evs.map((e) => e.eventId.slice(0, -suffix.length)));
    const ledger = template.ledger
      .filter((l) => keys.has(l.sourceRef))
      .map((l) => ({
        ...l,
        sourceKey: l.sourceKey + suffix,
        baseKey: l.baseKey + suffix,
        sourceRef: l.sourceRef + suffix,
      }));
    const outbox = evs.map((e) => ({
      ...template.outbox,
      payload: JSON.stringify({ ...template.outboxPayload, eventId: e.eventId }),
    }));
    const t = performance.now();
    await db.query('BEGIN');
    for (const [table, rows] of [
      ['events', evs],
      ['ledger_entries', ledger],
      ['outbox', outbox],
    ]) {
      const cols = config.columns[table].map((c) => `"${c}"`).join(', ');
      await db.query(
        `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(null::${table}, $1::json)`,
        [JSON.stringify(rows)],
      );
    }
    await db.query('COMMIT');
    latencies.push(performance.now() - t);
    events += evs.length;
  }
  await db.end();
}

const started = performance.now();
await (config.mode === 'raw' ? raw() : jifen());
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ events, seconds, latencies }));
