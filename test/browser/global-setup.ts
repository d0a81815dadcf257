import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDatabase, uniqueName } from '../support/databases';
import { freePort } from '../support/process';
import { ENV_FILE, call, type BrowserEnv } from './browser-env';

const ROOT = path.join(__dirname, '..', '..');
const ADMIN_PASSWORD = 'browser-admin-password';

/**
 * Starts the built server (npm test builds it first) on a database and Redis prefix of its
 * own, imports a small bureau and creates the tokens and logins the specs use.
 */
export default async function globalSetup(): Promise<void> {
  const database = uniqueName('jifen_browser');
  const redisPrefix = uniqueName('jbr');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: await createDatabase(database),
      JIFEN_REDIS_PREFIX: redisPrefix,
      JIFEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      JIFEN_DEMO: '0',
      JIFEN_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: false,
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 150 || child.exitCode !== null) throw new Error('the server did not start for the browser tests');
    await new Promise((r) => setTimeout(r, 200));
  }
  const login = await call<{ accessToken: string }>(
    { url } as BrowserEnv,
    'POST',
    '/api/auth/login',
    { username: 'admin', password: ADMIN_PASSWORD },
    '',
  );
  const env: BrowserEnv = {
    url,
    pid: child.pid!,
    database,
    redisPrefix,
    adminToken: login.accessToken,
    ingestToken: '',
    displayToken: '',
    supervisors: [],
  };
  await call(
    env,
    'POST',
    '/api/org/import',
    {
      units: [
        { code: 'WB', name: '大屏测试局', kind: 'bureau' },
        { code: 'WB-1', name: '城关派出所', kind: 'station', parentCode: 'WB' },
      ],
      officers: [
        { badgeNo: '700001', name: '周杰', unitCode: 'WB-1' },
        { badgeNo: '700002', name: '吴敏', unitCode: 'WB-1' },
      ],
    },
    env.adminToken,
  );
  env.ingestToken = (
    await call<{ token: string }>(
      env,
      'POST',
      '/api/tokens',
      { kind: 'ingest', label: 'browser tests' },
      env.adminToken,
    )
  ).token;
  env.displayToken = (
    await call<{ token: string }>(
      env,
      'POST',
      '/api/tokens',
      { kind: 'display', unitCode: 'WB', label: 'browser wall' },
      env.adminToken,
    )
  ).token;
  for (const username of ['sup-a', 'sup-b']) {
    const password = `${username}-password`;
    await call(
      env,
      'POST',
      '/api/users',
      { username, password, role: 'supervisor', unitCode: 'WB' },
      env.adminToken,
    );
    env.supervisors.push({ username, password });
  }
  mkdirSync(path.dirname(ENV_FILE), { recursive: true });
  writeFileSync(ENV_FILE, JSON.stringify(env));
}
