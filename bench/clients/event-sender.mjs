#!/usr/bin/env node
// The event source of bench:latency, a process of its own: every 100 ms posts a batch of the
// demo simulator's realistic events (RATE/10 of them) plus one probe event (a criminal case
// filed by one probe officer alone, in turn), keeps at most 8 batches in flight (a tick that
// finds 8 waiting is not offered, and counted), and records the instant of each probe's HTTP
// answer. Bounded by SECONDS. Prints one JSON line.
// Usage: node bench/clients/event-sender.mjs CONFIG.json
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { eventStories } from '../event-stories.mjs';

const require = createRequire(import.meta.url);
const { Pool } = require('undici');
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const now = () => performance.timeOrigin + performance.now();
const target = new URL(config.url);
const pool = new Pool(target.origin, { connections: 8, headersTimeout: 120_000, bodyTimeout: 120_000 });
const next = eventStories({ units: config.units, officers: config.officers, tag: 'lat', open: 1000 });
if (!(config.rate >= 20)) throw new Error(`rate must be at least 20 events/s (got ${config.rate})`);
const perTick = Math.max(1, Math.round(config.rate / 10) - 1);
const probeCount = new Map();
const answers = [];
let inFlight = 0;
let offered = 0;
let accepted = 0;
let skipped = 0;
let failures = 0;
let serial = 0;
const started = now();

async function post(events, probe) {
  inFlight++;
  try {
    const res = await pool.request({
      path: config.path,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
      body: JSON.stringify({ events }),
    });
    const text = await res.body.text();
    const t = now();
    if (res.statusCode !== 200) {
      failures++;
      if (failures < 4) console.error(`event-sender: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
      return;
    }
    accepted += JSON.parse(text).accepted;
    answers.push(probe.index, probe.k, t);
  } finally {
    inFlight--;
  }
}

const pending = [];
while (now() - started < config.seconds * 1000) {
  const tick = now();
  if (inFlight >= 8) skipped++;
  else {
    const index = serial++ % config.probes.length;
    const badgeNo = config.probes[index];
    const k = (probeCount.get(badgeNo) ?? 0) + 1;
    probeCount.set(badgeNo, k);
    const probe = {
      eventId: `probe-${process.pid}-${serial}`,
      type: 'case.filed',
      occurredAt: new Date().toISOString(),
      unitCode: config.probeUnits[index],
      subject: { kind: 'case', ref: `PROBE-${process.pid}-${serial}` },
      officers: [{ badgeNo, role: 'primary' }],
      data: {},
    };
    const events = [...next(perTick), probe];
    offered += events.length;
    pending.push(post(events, { index, k }));
  }
  await new Promise((r) => setTimeout(r, Math.max(0, 100 - (now() - tick))));
}
const sentFor = (now() - started) / 1000;
await Promise.all(pending);
await pool.close();
console.log(
  JSON.stringify({
    offered,
    accepted,
    skipped,
    failures,
    seconds: sentFor,
    offeredPerSecond: offered / sentFor,
    acceptedPerSecond: accepted / sentFor,
    answers,
  }),
);
