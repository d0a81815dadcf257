#!/usr/bin/env node
// The baseline of bench:latency: a bare Socket.IO broadcast server. It answers POST
// /api/events at once and, every 100 ms (Jifen's score window), broadcasts one
// `score.changed` message with a change of the same shape as Jifen's for every event's
// primary officer, to every connected client of the /live namespace. No database, no
// authentication, no rooms: what the same batched messages cost to deliver on this machine.
// Usage: node bench/bare-socketio.mjs (prints the port it listens on)
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Server } = require('socket.io');
const totals = new Map();
let pending = [];
let seq = 0;

const http = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/events') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const { events } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const period = new Date().toISOString().slice(0, 7);
    for (const e of events) {
      const o = e.officers[0];
      const delta = e.type === 'case.filed' ? 10 : 1;
      const total = (totals.get(o.badgeNo) ?? 0) + delta;
      totals.set(o.badgeNo, total);
      pending.push({
        badgeNo: o.badgeNo,
        name: `警员${o.badgeNo}`,
        unitCode: e.unitCode,
        unitName: `${e.unitCode}派出所`,
        period,
        forMonth: period,
        delta,
        total,
        ruleId: 'BASE_CRIM_FILED',
        ruleTitle: { zh: '刑事案件立案', en: 'Criminal case filed' },
        at: e.occurredAt,
      });
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ accepted: events.length, duplicates: 0, rejected: [] }));
  });
});
const io = new Server(http, { transports: ['websocket'] });
const live = io.of('/live');
setInterval(() => {
  if (!pending.length) return;
  const changes = pending;
  pending = [];
  live.emit('score.changed', { seq: ++seq, changes });
}, 100);
http.listen(0, '127.0.0.1', () => console.log(`listening on ${http.address().port}`));
