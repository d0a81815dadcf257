#!/usr/bin/env node
// Event → wall latency (DESIGN.md "Targets": p99 from the HTTP answer to the Socket.IO message,
// at 1,000 events/s with 1,000 connected wall clients, within 3× a bare Socket.IO broadcast's
// p99 in the same run). Jifen: one process on a fresh database, a bureau of N officers, W wall
// clients on the bureau's display token; baseline: bench/bare-socketio.mjs, the same clients,
// the same sender. Wall clients (bench/clients/wall-clients.mjs, 500 per process) and the
// sender (bench/clients/event-sender.mjs) are processes of their own. The latency is measured
// on probe events (one in each batch of the offered load), on every client. The baseline is
// offered the rate Jifen accepted (not more), so both servers deliver the same volume.
// Usage: npm run bench:latency -- [--size small|medium|large] [--walls W] [--rate R] [--seconds S] [--cpu-prof]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, Stage, call, fmt, machine, options, percentile, runChild, seedBureau } from './support.mjs';

const opts = options({
  small: { walls: 100, rate: 500, seconds: 20, officers: 2000 },
  medium: { walls: 500, rate: 1000, seconds: 25, officers: 2000 },
  large: { walls: 1000, rate: 1000, seconds: 30, officers: 2000 },
});
const PROBES = 50;
const PER_PROCESS = 250;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jifen-bench-latency-'));
const CLIENTS = path.join(ROOT, 'bench', 'clients', 'wall-clients.mjs');
const SENDER = path.join(ROOT, 'bench', 'clients', 'event-sender.mjs');

function startWalls(url, token, probes, label) {
  const procs = [];
  for (let i = 0, n = 0; n < opts.walls; i++, n += PER_PROCESS) {
    const out = path.join(tmp, `${label}-${i}.json`);
    const child = spawn(
      process.execPath,
      [
        CLIENTS,
        url,
        token,
        String(Math.min(PER_PROCESS, opts.walls - n)),
        String(opts.seconds + 120),
        probes.join(','),
        out,
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let stdout = '';
    const ready = new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`wall clients exited ${code} before ready: ${stdout}`)));
    });
    const done = new Promise((resolve) =>
      child.once('exit', () => resolve(JSON.parse(stdout.trim().split('\n').pop()))),
    );
    procs.push({ child, ready, done, out });
  }
  return procs;
}

async function run(label, url, token, sendPath, sendToken, bureau, probes, probeUnits, rate) {
  const walls = startWalls(url, token, probes, label);
  await Promise.all(walls.map((w) => w.ready));
  const config = path.join(tmp, `${label}-sender.json`);
  writeFileSync(
    config,
    JSON.stringify({
      url,
      path: sendPath,
      token: sendToken,
      rate,
      seconds: opts.seconds,
      units: bureau.units,
      officers: bureau.officers.slice(PROBES),
      probes,
      probeUnits,
    }),
  );
  const sent = await runChild(SENDER, [config], { timeoutMs: (opts.seconds + 300) * 1000 });
  await new Promise((r) => setTimeout(r, 5000)); // stragglers
  for (const w of walls) w.child.stdin.write('stop\n');
  const summaries = await Promise.all(walls.map((w) => w.done));
  const answered = new Map();
  for (let i = 0; i < sent.answers.length; i += 3)
    answered.set(`${sent.answers[i]}:${sent.answers[i + 1]}`, sent.answers[i + 2]);
  const lat = [];
  for (const w of walls) {
    const r = JSON.parse(readFileSync(w.out, 'utf8'));
    for (let i = 0; i < r.length; i += 3) {
      const a = answered.get(`${r[i]}:${r[i + 1]}`);
      if (a !== undefined) lat.push(r[i + 2] - a);
    }
  }
  lat.sort((a, b) => a - b);
  const sockets = summaries.reduce((s, x) => s + x.sockets, 0);
  const expected = answered.size * sockets;
  return {
    label,
    sent,
    sockets,
    stillConnected: summaries.reduce((s, x) => s + x.stillConnected, 0),
    messages: summaries.reduce((s, x) => s + x.messages, 0),
    expected,
    received: lat.length,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
  };
}

function show(r) {
  console.log(
    `  ${r.label.padEnd(22)} offered ${fmt(r.sent.offeredPerSecond)} events/s, accepted ${fmt(r.sent.acceptedPerSecond)} events/s` +
      ` (${r.sent.skipped} ticks not offered: 8 batches in flight; ${r.sent.failures} failed); ${r.sockets} walls (${r.stillConnected} still connected)`,
  );
  console.log(
    `  ${''.padEnd(22)} probe receipts ${fmt(r.received)} of ${fmt(r.expected)}; HTTP answer → wall: p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms`,
  );
}

console.log(
  `bench:latency --size ${opts.size}: ${fmt(opts.walls)} walls, ${fmt(opts.rate)} events/s offered for ${opts.seconds} s, ` +
    `${fmt(opts.officers)} officers (${PROBES} of them probes)`,
);
console.log(`machine: ${machine()}; ${new Date().toISOString()}`);
const stage = await new Stage('latency').open();
let bare = null;
try {
  const jifen = await stage.start('all', 4700 + (process.pid % 100), { cpuProf: opts.cpuProf });
  const bureau = await seedBureau(jifen.url, opts.officers);
  const { token: displayToken } = await call(
    jifen.url,
    'POST',
    '/api/tokens',
    { kind: 'display', unitCode: 'BB', label: 'bench walls' },
    bureau.adminToken,
  );
  const probes = bureau.officers.slice(0, PROBES).map((o) => o.badgeNo);
  const probeUnits = bureau.officers.slice(0, PROBES).map((o) => o.unitCode);
  const j = await run(
    'Jifen',
    jifen.url,
    displayToken,
    '/api/events',
    bureau.ingestToken,
    bureau,
    probes,
    probeUnits,
    opts.rate,
  );
  show(j);
  await stage.stopProcesses();

  bare = spawn(process.execPath, [path.join(ROOT, 'bench', 'bare-socketio.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    bare.stdout.on('data', (d) => {
      const m = /listening on (\d+)/.exec(String(d));
      if (m) resolve(m[1]);
    });
    bare.once('exit', (code) => reject(new Error(`bare Socket.IO server exited ${code}`)));
  });
  // The same load as Jifen took: offered at the rate Jifen accepted, so both deliver as many
  // changes (offering the bare server more would measure the wall clients, not the server).
  const b = await run(
    'baseline: bare Socket.IO',
    `http://127.0.0.1:${port}`,
    '',
    '/api/events',
    '',
    bureau,
    probes,
    probeUnits,
    Math.max(20, Math.round(j.sent.acceptedPerSecond)),
  );
  show(b);
  console.log(
    `FIGURE latency: p50/p95/p99 ${fmt(j.p50)}/${fmt(j.p95)}/${fmt(j.p99)} ms with ${fmt(opts.walls)} walls at ${fmt(j.sent.acceptedPerSecond)} events/s accepted ` +
      `(${fmt(opts.rate)} offered); baseline bare Socket.IO ${fmt(b.p50)}/${fmt(b.p95)}/${fmt(b.p99)} ms; p99 ${fmt(j.p99 / b.p99, 1)} × baseline (target ≤ 3 ×)`,
  );
} finally {
  bare?.kill('SIGTERM');
  await stage.close();
}
