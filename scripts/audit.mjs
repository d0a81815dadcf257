#!/usr/bin/env node
// `npm audit` as part of the test run: fails on any advisory of moderate severity or worse
// that scripts/audit-exceptions.json does not accept with a reason (docs/SECURITY.md).
// When the registry offers no audit service (a mirror, no network) it says so and passes,
// unless JIFEN_AUDIT_STRICT=1, where not knowing is a failure too.
// `node scripts/audit.mjs --report file.json` judges a saved `npm audit --json` report.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'];
const FAIL_FROM = SEVERITIES.indexOf('moderate');
const strict = process.env.JIFEN_AUDIT_STRICT === '1';

function report() {
  const at = process.argv.indexOf('--report');
  if (at > 0) return JSON.parse(readFileSync(process.argv[at + 1], 'utf8'));
  const run = spawnSync('npm', ['audit', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  try {
    return JSON.parse(run.stdout);
  } catch {
    return { error: { summary: (run.stderr || run.stdout || 'npm audit gave no answer').trim() } };
  }
}

/** Every advisory in the report: its id (GHSA URL), the package, severity and title. */
function advisories(r) {
  const found = new Map();
  for (const [name, v] of Object.entries(r.vulnerabilities ?? {}))
    for (const via of v.via ?? [])
      if (typeof via === 'object' && via.url)
        found.set(via.url, {
          url: via.url,
          name: via.name ?? name,
          severity: via.severity,
          title: via.title,
        });
  return [...found.values()];
}

const r = report();
if (r.error || r.message) {
  const why = r.error?.summary || r.message || 'unknown error';
  console.log(`audit: the registry's audit service could not be asked (${why.split('\n')[0]}).`);
  if (strict) {
    console.error('audit: JIFEN_AUDIT_STRICT=1: not knowing is a failure.');
    process.exit(1);
  }
  console.log(
    'audit: passing without a verdict (set JIFEN_AUDIT_STRICT=1 where the registry offers the audit service).',
  );
  process.exit(0);
}

const accepted = JSON.parse(
  readFileSync(path.join(root, 'scripts', 'audit-exceptions.json'), 'utf8'),
).exceptions;
const byUrl = new Map(accepted.map((e) => [e.advisory, e]));
const all = advisories(r);
const failing = all.filter((a) => SEVERITIES.indexOf(a.severity) >= FAIL_FROM && !byUrl.has(a.url));
for (const a of all)
  console.log(
    `audit: ${a.severity.padEnd(8)} ${a.name}: ${a.title} ${a.url}${byUrl.has(a.url) ? ` (accepted: ${byUrl.get(a.url).reason})` : ''}`,
  );
for (const e of accepted)
  if (!all.some((a) => a.url === e.advisory))
    console.log(
      `audit: the exception for ${e.advisory} is no longer needed; remove it from scripts/audit-exceptions.json`,
    );
if (failing.length) {
  console.error(
    `audit: ${failing.length} advisor${failing.length === 1 ? 'y' : 'ies'} of moderate severity or worse without an accepted reason: upgrade, or add each to scripts/audit-exceptions.json with why (docs/SECURITY.md).`,
  );
  process.exit(1);
}
console.log(`audit: ${all.length} advisories, none unaccepted at moderate or worse.`);
