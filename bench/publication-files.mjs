#!/usr/bin/env node
// Renders a monthly airing of N officers (default 50,000: DESIGN.md's airing target) as
// CSV, XLSX and the .docx notice, and times each against the JSON answer of the same
// snapshot, measured in the same run. Needs the built server: node scripts/build.mjs.
// Usage: node bench/publication-files.mjs [officers]
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { renderCsv } = require('../server/dist/modules/publication/render/csv.js');
const { renderXlsx } = require('../server/dist/modules/publication/render/xlsx.js');
const { renderDocx } = require('../server/dist/modules/publication/render/docx.js');

const n = Number(process.argv[2] ?? 50_000);
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';
const units = Array.from({ length: Math.max(1, Math.round(n / 50)) }, (_, i) => ({
  code: `U${String(i + 1).padStart(4, '0')}`,
  name: `第${i + 1}派出所`,
}));
const change = { previousRank: null, previousTotal: null, totalDelta: null, rankDelta: null };
const rows = Array.from({ length: n }, (_, i) => {
  const unit = units[i % units.length];
  const total = Math.round((300 - (i * 300) / n) * 10) / 10;
  return {
    rank: i + 1,
    badgeNo: String(100000 + i),
    name: SURNAMES[i % 20] + GIVEN[(i * 7) % 20] + (i % 3 ? GIVEN[(i * 11) % 20] : ''),
    unitCode: unit.code,
    unitName: unit.name,
    total,
    base: total - 10,
    bonus: 12.5,
    deduction: -2.5,
    quantity: total - 10,
    quality: 10,
    efficiency: 0,
    change:
      i % 10 ? { previousRank: i + 3, previousTotal: total - 1.5, totalDelta: 1.5, rankDelta: 3 } : change,
  };
});
const snapshot = {
  kind: 'monthly',
  period: '2026-10',
  version: 1,
  publishedAt: '2026-10-31T16:10:00.000Z',
  ledgerMark: 5_000_000,
  catalogueVersion: 1,
  timeZone: 'Asia/Shanghai',
  scope: { unitCode: null, unitName: '某市公安局' },
  reissue: null,
  rows,
  units: units.map((u, i) => ({
    ...u,
    unitCode: u.code,
    unitName: u.name,
    rank: i + 1,
    officerCount: 50,
    total: 1000,
    base: 900,
    bonus: 120,
    deduction: -20,
    quantity: 900,
    quality: 100,
    efficiency: 0,
    change,
  })),
};

async function time(label, f) {
  const start = performance.now();
  const out = await f();
  const ms = performance.now() - start;
  const size = typeof out === 'string' ? Buffer.byteLength(out) : out.length;
  console.log(
    `${label.padEnd(26)} ${ms.toFixed(0).padStart(7)} ms  ${(size / 1e6).toFixed(1).padStart(6)} MB`,
  );
  return ms;
}

console.log(
  `monthly airing, ${n} officers, ${units.length} units (${new Date().toISOString().slice(0, 10)}, node ${process.version})`,
);
const base = await time('baseline: JSON.stringify', () => JSON.stringify(snapshot));
for (const [label, f] of [
  ['CSV', () => renderCsv(snapshot, { privacy: false })],
  ['XLSX', () => renderXlsx(snapshot, { privacy: false, issuer: '某市公安局' })],
  ['DOCX (ranking cut at 500)', () => renderDocx(snapshot, { privacy: false, issuer: '某市公安局' })],
]) {
  const ms = await time(label, f);
  console.log(`${''.padEnd(26)} ${(ms / base).toFixed(1).padStart(7)} × baseline`);
}
