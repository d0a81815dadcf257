#!/usr/bin/env node
// A small autocannon-like load generator, a process of its own: keeps C requests in flight on
// C keep-alive connections for S seconds (after a warm-up), checks every answer's status, and
// prints one JSON line: requests, requests/s and latency percentiles.
// Usage: node bench/clients/http-load.mjs URL TOKEN CONNECTIONS SECONDS [WARMUP-SECONDS]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { Pool } = require('undici');
const [url, token, connections, seconds, warmup = '2'] = process.argv.slice(2);
const target = new URL(url);
const pool = new Pool(target.origin, { connections: Number(connections), pipelining: 1 });
const headers = token ? { authorization: `Bearer ${token}` } : {};
const path = target.pathname + target.search;

async function worker(until, latencies, counts) {
  while (performance.now() < until) {
    const t = performance.now();
    const res = await pool.request({ path, method: 'GET', headers });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`GET ${path}: HTTP ${res.statusCode}`);
    latencies?.push(performance.now() - t);
    counts.n++;
  }
}

async function phase(secs, latencies) {
  const counts = { n: 0 };
  const start = performance.now();
  const until = start + secs * 1000;
  await Promise.all(Array.from({ length: Number(connections) }, () => worker(until, latencies, counts)));
  return { n: counts.n, seconds: (performance.now() - start) / 1000 };
}

await phase(Number(warmup), null);
const latencies = [];
const { n, seconds: took } = await phase(Number(seconds), latencies);
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
await pool.close();
console.log(JSON.stringify({ requests: n, perSecond: n / took, p50: pct(50), p99: pct(99) }));
