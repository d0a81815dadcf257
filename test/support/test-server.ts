import type { ErrorBody, IngestAnswer, LoginAnswer, OrgImportAnswer } from '@jifen/shared';
import Redis from 'ioredis';
import { loadConfig, type AppConfig } from '../../server/src/config/config';
import { SettableClock } from '../../server/src/core/clock/clock';
import { startJifen, type RunningJifen } from '../../server/src/jifen';
import { createDatabase, dropDatabase, uniqueName } from './databases';

export const ADMIN_PASSWORD = 'integration-admin-pw';

export interface TestServer {
  jifen: RunningJifen;
  url: string;
  clock: SettableClock;
  config: AppConfig;
  adminToken: string;
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: T }>;
  login(username: string, password: string): Promise<string>;
  /** Starts another process on the same database and Redis prefix (a second API node). */
  startSibling(env?: Record<string, string>): Promise<RunningJifen>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Wall-clock start of the settable clock. */
  now?: string;
  env?: Record<string, string>;
  /** Use the embedded SQLite database instead of Postgres. */
  sqlite?: boolean;
}

/**
 * The configuration of a test server. Sessions expire on the settable clock, which tests move
 * by years: unless a test is about expiry (and names a lifetime), a session outlives the test.
 */
function testConfig(env: Record<string, string>): AppConfig {
  const config = loadConfig(env);
  if (env.JIFEN_SESSION_TTL_MINUTES === undefined) config.tokens.sessionTtlMinutes = 1000 * 365 * 24 * 60;
  return config;
}

/**
 * The real server on the machine's Postgres and Redis, in a database and Redis key prefix
 * of its own, with a settable clock. Everything a test sees went through HTTP or a socket.
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dbName = uniqueName('jifen_it');
  const prefix = uniqueName('jit');
  const databaseUrl = opts.sqlite ? undefined : await createDatabase(dbName);
  const baseEnv: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    JIFEN_REDIS_PREFIX: prefix,
    JIFEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    JIFEN_DEMO: '0',
    JIFEN_LOG_LEVEL: process.env.JIFEN_TEST_LOG_LEVEL ?? 'error',
    // API tokens expire on the settable clock, which tests move by years: a test about expiry
    // sets its own lifetime.
    JIFEN_API_TOKEN_TTL_DAYS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { JIFEN_SQLITE_FILE: `/tmp/${dbName}.sqlite` }),
    ...opts.env,
  };
  const config = testConfig(baseEnv);
  const clock = new SettableClock(opts.now ? Date.parse(opts.now) : Date.now());
  const jifen = await startJifen(config, clock, { simulate: false });
  const url = jifen.url!;
  const siblings: RunningJifen[] = [];

  async function api<T>(method: string, path: string, body?: unknown, token?: string) {
    const res = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
  async function login(username: string, password: string) {
    const r = await api<LoginAnswer>('POST', '/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken;
  }
  const adminToken = await login('admin', ADMIN_PASSWORD);

  return {
    jifen,
    url,
    clock,
    config,
    adminToken,
    api,
    login,
    async startSibling(env = {}) {
      const sibling = await startJifen(testConfig({ ...baseEnv, ...env }), clock, { simulate: false });
      siblings.push(sibling);
      return sibling;
    },
    async stop() {
      for (const s of siblings) await s.close();
      await jifen.close();
      if (databaseUrl) await dropDatabase(dbName);
      const r = new Redis(config.redisUrl);
      const keys = await r.keys(`${prefix}*`);
      if (keys.length) await r.del(...keys);
      await r.quit();
    },
  };
}

export type { ErrorBody, IngestAnswer, OrgImportAnswer };
