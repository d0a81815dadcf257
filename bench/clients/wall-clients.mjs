#!/usr/bin/env node
// Wall clients for bench:latency, a process of its own: opens N Socket.IO connections to the
// live namespace (websocket transport, as a wall does), prints `ready` when all are in, and
// records when each socket receives the score change of a probe officer. A probe officer
// scores only from probe events, each worth the same points, so the k-th change is the one
// whose total is k × delta. Stops on `stop` on stdin or after its time; writes the receipts
// to OUT.json and prints a JSON summary.
// Usage: node bench/clients/wall-clients.mjs URL TOKEN COUNT SECONDS PROBES(comma-separated) OUT.json
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const [url, token, count, seconds, probeList, out] = process.argv.slice(2);
const probes = new Map(probeList.split(',').map((b, i) => [b, i]));
const now = () => performance.timeOrigin + performance.now();
const receipts = [];
let messages = 0;
let changes = 0;
let bytes = 0;
let disconnects = 0;
const sockets = [];

function open() {
  return new Promise((resolve, reject) => {
    const s = io(`${url}/live`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    s.on('score.changed', (msg) => {
      const t = now();
      messages++;
      changes += msg.changes.length;
      for (const c of msg.changes) {
        const p = probes.get(c.badgeNo);
        if (p !== undefined && c.delta > 0) receipts.push(p, Math.round(c.total / c.delta), t);
      }
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
    s.on('disconnect', () => disconnects++);
  });
}

// Connects a few at a time: a thousand walls do not all come up in the same millisecond.
for (let i = 0; i < Number(count); i += 20)
  sockets.push(...(await Promise.all(Array.from({ length: Math.min(20, Number(count) - i) }, open))));
console.log('ready');
await new Promise((resolve) => {
  const timer = setTimeout(resolve, Number(seconds) * 1000);
  process.stdin.on('data', (d) => String(d).includes('stop') && (clearTimeout(timer), resolve()));
});
const stillConnected = sockets.filter((s) => s.connected).length;
for (const s of sockets) s.disconnect();
writeFileSync(out, JSON.stringify(receipts));
console.log(
  JSON.stringify({
    sockets: sockets.length,
    stillConnected,
    disconnects,
    messages,
    changes,
    bytes,
    receipts: receipts.length / 3,
  }),
);
process.exit(0);
