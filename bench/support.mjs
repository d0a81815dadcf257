// What the benchmarks share: sizes from the command line, a database and Redis prefix of the
// bench's own, built Jifen processes started on them, a seeded bureau, percentiles.
// Everything a run creates it removes at the end (its database, its Redis keys, its processes).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const Redis = require('ioredis');

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MAIN = path.join(ROOT, 'server', 'dist', 'main.js');
export const PG_ADMIN = process.env.JIFEN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PROFILE_DIR = path.join(ROOT, 'test-results', 'profiles');
const ADMIN_PASSWORD = 'bench-admin-password';

/**
 * `--size small|medium|large` picks one of `sizes`; `--NAME value` overrides one figure of it
 * (`--officers 5000`); `--cpu-prof` writes V8 CPU profiles of the Jifen processes to
 * test-results/profiles. Unknown options are refused with the list of known ones.
 */
export function options(sizes, argv = process.argv.slice(2)) {
  const known = Object.keys(sizes.medium);
  let size = 'medium';
  const over = {};
  let cpuProf = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cpu-prof') cpuProf = true;
    else if (a === '--size') {
      size = argv[++i];
      if (!sizes[size]) fail(`--size must be one of ${Object.keys(sizes).join(', ')} (got ${size})`);
    } else if (a.startsWith('--') && known.includes(a.slice(2))) {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) fail(`${a} must be a positive number (got ${argv[i]})`);
      over[a.slice(2)] = v;
    } else
      fail(
        `unknown option ${a}; known: --size ${Object.keys(sizes).join('|')}, --cpu-prof, ${known.map((k) => `--${k} N`).join(', ')}`,
      );
  }
  return { size, cpuProf, ...sizes[size], ...over };
}

export function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

export const uniqueName = (prefix) => `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;

export async function admin(sql, params) {
  const c = new Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

export const databaseUrl = (name) => PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);

/** A database, a Redis prefix and the processes on them; `close()` removes all three. */
export class Stage {
  constructor(label) {
    this.database = uniqueName(`jifen_bench_${label}`);
    this.redisPrefix = uniqueName(`jbench_${label}`);
    this.url = databaseUrl(this.database);
    this.processes = [];
  }

  async open() {
    await admin(`CREATE DATABASE "${this.database}"`);
    // Ctrl-C or a SIGTERM mid-run still stops the processes and drops the data.
    this.onSignal = (signal) => {
      console.error(`bench: ${signal}, cleaning up`);
      this.close().finally(() => process.exit(130));
    };
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
    return this;
  }

  async sql(text, params) {
    const c = new Client({ connectionString: this.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  }

  /** A built Jifen process on this stage, in `role`; resolves once /api/health answers (api, all). */
  async start(role, port, { cpuProf = false, env = {} } = {}) {
    const args = [];
    if (cpuProf) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      args.push(
        '--cpu-prof',
        `--cpu-prof-dir=${PROFILE_DIR}`,
        `--cpu-prof-name=${role}-${port}-${Date.now()}.cpuprofile`,
      );
    }
    const child = spawn(process.execPath, [...args, MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.url,
        REDIS_URL,
        JIFEN_REDIS_PREFIX: this.redisPrefix,
        JIFEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
        JIFEN_DEMO: '0',
        JIFEN_ROLE: role,
        JIFEN_LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const proc = { child, role, port, url: `http://127.0.0.1:${port}`, stderr: () => stderr };
    this.processes.push(proc);
    if (role === 'worker') {
      // The worker answers no HTTP: started after an API process has migrated, it is up once it
      // has not died on start (its queues then wait in Redis for it).
      await new Promise((r) => setTimeout(r, 4000));
      if (child.exitCode !== null) throw new Error(`worker exited ${child.exitCode}: ${stderr}`);
      return proc;
    }
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${role} process exited ${child.exitCode}: ${stderr}`);
        try {
          return (await fetch(`${proc.url}/api/health`)).ok;
        } catch {
          return false;
        }
      },
      90_000,
      `the ${role} process on port ${port}`,
    );
    return proc;
  }

  async redisKeys(pattern) {
    const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await r.connect();
    try {
      const keys = [];
      let cursor = '0';
      do {
        const [next, batch] = await r.scan(cursor, 'MATCH', `${this.redisPrefix}${pattern}`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys;
    } finally {
      r.disconnect();
    }
  }

  /** SIGTERM to every process: a clean stop, which writes its CPU profile. */
  async stopProcesses() {
    await Promise.all(
      this.processes.map(
        ({ child }) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.processes = [];
  }

  /** The processes stop, then the data goes. */
  async close() {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    await this.stopProcesses();
    const keys = await this.redisKeys('*');
    if (keys.length) {
      const r = new Redis(REDIS_URL);
      for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
      r.disconnect();
    }
    await admin(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
  }
}

export async function waitFor(check, timeoutMs, what) {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function call(baseUrl, method, route, body, token) {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 400)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * A bureau of `officers` officers: stations of 50 officers each under one bureau (the size of
 * a 派出所), plus an admin login and an ingest token.
 */
export async function seedBureau(baseUrl, officers) {
  const { accessToken } = await call(baseUrl, 'POST', '/api/auth/login', {
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  const stations = Math.max(2, Math.ceil(officers / 50));
  const units = [
    { code: 'BB', name: '基准测试局', kind: 'bureau' },
    ...Array.from({ length: stations }, (_, i) => ({
      code: `BB-${i + 1}`,
      name: `第${i + 1}派出所`,
      kind: 'station',
      parentCode: 'BB',
    })),
  ];
  const people = Array.from({ length: officers }, (_, i) => ({
    badgeNo: String(300000 + i),
    name: `警员${i + 1}`,
    unitCode: `BB-${(i % stations) + 1}`,
  }));
  // In parts: one import of 50,000 officers answered 500 (2026-12-08, see docs/PERFORMANCE.md).
  for (let i = 0; i < people.length; i += 10_000)
    await call(
      baseUrl,
      'POST',
      '/api/org/import',
      { units: i === 0 ? units : [], officers: people.slice(i, i + 10_000) },
      accessToken,
    );
  const { token: ingestToken } = await call(
    baseUrl,
    'POST',
    '/api/tokens',
    { kind: 'ingest', label: 'bench' },
    accessToken,
  );
  return { adminToken: accessToken, ingestToken, units, officers: people };
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A child Node process (a load generator) whose last stdout line is its JSON result. */
export function runChild(script, args, { timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop();
      if (code !== 0)
        return reject(new Error(`${path.basename(script)} exited ${code}: ${out.slice(-1000)}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${path.basename(script)} printed no result: ${out.slice(-1000)}`));
      }
    });
  });
}

export function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, node ${process.version}`;
}

export const fmt = (n, digits = 0) =>
  Number(n).toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
