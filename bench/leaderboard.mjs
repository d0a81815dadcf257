#!/usr/bin/env node
// Leaderboard reads (DESIGN.md "Targets": at least 70 % of a bare NestJS endpoint's
// requests/s in the same run). One Jifen process on a fresh database with a bureau of N
// officers and their month's scores (events ingested through the API); a bare NestJS app on
// the same adapter (bench/bare-nest.mjs) answers the same body. A separate load-generator
// process (bench/clients/http-load.mjs) drives each in turn, twice, alternating, so the
// machine's drift hits both alike. Also measured: GET /api/me, Jifen's cheapest
// authenticated route (what authentication alone costs).
// Usage: npm run bench:leaderboard -- [--size small|medium|large] [--officers N] [--seconds S] [--connections C] [--cpu-prof]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventStories } from './event-stories.mjs';
import { ROOT, Stage, call, fmt, machine, options, runChild, seedBureau } from './support.mjs';

const opts = options({
  small: { officers: 500, events: 2000, seconds: 8, connections: 10 },
  medium: { officers: 5000, events: 20000, seconds: 12, connections: 10 },
  large: { officers: 20000, events: 60000, seconds: 15, connections: 10 },
});
const LOAD = path.join(ROOT, 'bench', 'clients', 'http-load.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jifen-bench-board-'));
const port = 4300 + (process.pid % 100);

console.log(
  `bench:leaderboard --size ${opts.size}: ${fmt(opts.officers)} officers, ${fmt(opts.events)} events, ` +
    `${opts.connections} connections, ${opts.seconds} s per measurement`,
);
console.log(`machine: ${machine()}; ${new Date().toISOString()}`);
const stage = await new Stage('board').open();
let bare = null;
try {
  const jifen = await stage.start('all', port, { cpuProf: opts.cpuProf });
  const bureau = await seedBureau(jifen.url, opts.officers);
  const next = eventStories({ units: bureau.units, officers: bureau.officers, tag: 'lb', open: 500 });
  for (let n = 0; n < opts.events; n += 500) {
    const answer = await call(
      jifen.url,
      'POST',
      '/api/events',
      { events: next(Math.min(500, opts.events - n)) },
      bureau.ingestToken,
    );
    if (answer.rejected.length) throw new Error(`seeding: ${JSON.stringify(answer.rejected[0])}`);
  }
  const route = '/api/leaderboard?limit=100';
  const board = await call(jifen.url, 'GET', route, undefined, bureau.adminToken);
  const bodyFile = path.join(tmp, 'body.json');
  writeFileSync(bodyFile, JSON.stringify(board));
  const entries = Array.isArray(board) ? board.length : (board.rows ?? board.entries ?? []).length;
  console.log(`  the answer: ${fmt(JSON.stringify(board).length)} bytes, ${entries} rows`);

  bare = spawn(process.execPath, [path.join(ROOT, 'bench', 'bare-nest.mjs'), bodyFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const barePort = await new Promise((resolve, reject) => {
    bare.stdout.on(
      'data',
      (d) => /listening on (\d+)/.test(String(d)) && resolve(/listening on (\d+)/.exec(String(d))[1]),
    );
    bare.once('exit', (code) => reject(new Error(`bare NestJS app exited ${code}`)));
  });
  const measure = (url, token) =>
    runChild(LOAD, [url, token, String(opts.connections), String(opts.seconds)]);
  const runs = { jifen: [], bare: [], me: [] };
  for (let round = 0; round < 2; round++) {
    runs.jifen.push(await measure(`${jifen.url}${route}`, bureau.adminToken));
    runs.bare.push(await measure(`http://127.0.0.1:${barePort}${route}`, ''));
    runs.me.push(await measure(`${jifen.url}/api/me`, bureau.adminToken));
  }
  const line = (label, rs) =>
    console.log(
      `  ${label.padEnd(44)} ${rs.map((r) => `${fmt(r.perSecond)} req/s (p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms)`).join('; ')}`,
    );
  line('Jifen GET /api/leaderboard?limit=100', runs.jifen);
  line('baseline: bare NestJS, same body, same adapter', runs.bare);
  line('Jifen GET /api/me (authentication alone)', runs.me);
  const mean = (rs, k) => rs.reduce((s, r) => s + r[k], 0) / rs.length;
  const ratio = (100 * mean(runs.jifen, 'perSecond')) / mean(runs.bare, 'perSecond');
  console.log(
    `FIGURE leaderboard: ${fmt(mean(runs.jifen, 'perSecond'))} req/s, p99 ${fmt(mean(runs.jifen, 'p99'), 1)} ms; ` +
      `baseline bare NestJS ${fmt(mean(runs.bare, 'perSecond'))} req/s, p99 ${fmt(mean(runs.bare, 'p99'), 1)} ms; ` +
      `ratio ${fmt(ratio, 1)} % (target ≥ 70 %)`,
  );
} finally {
  bare?.kill('SIGTERM');
  await stage.close();
}
