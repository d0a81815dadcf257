#!/usr/bin/env node
// Where a V8 CPU profile's time went (a profile written by `--cpu-prof`, e.g. by a bench run
// with --cpu-prof): self time by package or server module, and the top functions.
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [top N, default 25]
import { readFileSync } from 'node:fs';

const [file, topN = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [top N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
// timeDeltas[i] is the time before samples[i]: credit it to that sample's node.
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

function area(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const mod = /server\/dist\/(modules\/[^/]+|core\/[^/]+|[^/]+)/.exec(url);
  if (mod) return `server ${mod[1]}`;
  if (url.startsWith('node:')) return 'node core';
  return url.replace(/^.*\//, '');
}

const areas = new Map();
const funcs = new Map();
for (const [id, us] of self) {
  const { callFrame: f } = byId.get(id);
  const a = area(f.url, f.functionName);
  areas.set(a, (areas.get(a) ?? 0) + us);
  const key = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(node_modules|dist)\//, '')}:${f.lineNumber + 1}` : ''}`;
  funcs.set(key, (funcs.get(key) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const busy = total - (areas.get('(idle)') ?? 0);
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${pct(busy).trim()})`,
);
console.log('self time by area:');
for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, 20)) console.log(`  ${pct(us)}  ${a}`);
console.log(`top ${topN} functions by self time:`);
for (const [k, us] of [...funcs].sort((x, y) => y[1] - x[1]).slice(0, Number(topN)))
  console.log(`  ${pct(us)}  ${k}`);
