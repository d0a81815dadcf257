import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Redis from 'ioredis';
import { createDatabase, dropDatabase, uniqueName } from '../support/databases';
import { freePort } from '../support/process';
import { call, type BrowserEnv } from './browser-env';

/**
 * The disconnect, restart and catch-up path needs a server of its own to kill: this file
 * starts one on its own database, Redis prefix and port.
 */
const ROOT = path.join(__dirname, '..', '..');
/** Kept for the restart, so the wall reconnects to the same URL. */
let PORT = 0;
const PASSWORD = 'resilience-admin-password';
let server: ChildProcess | null = null;
let env: BrowserEnv;
let wallToken = '';
const database = uniqueName('jifen_wall_res');
const redisPrefix = uniqueName('jwr');
let databaseUrl = '';

async function startServer(): Promise<void> {
  PORT ||= await freePort();
  const output: string[] = [];
  server = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JIFEN_REDIS_PREFIX: redisPrefix,
      JIFEN_ADMIN_PASSWORD: PASSWORD,
      JIFEN_DEMO: '0',
      JIFEN_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    output.push(chunk.toString());
  });
  // A server that exits, or never answers healthy, says why.
  const deadline = Date.now() + 90_000;
  let health = 'no answer';
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${PORT}/api/health`);
      if (r.ok) return;
      health = `${r.status} ${await r.text()}`;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null || Date.now() > deadline)
      throw new Error(
        `the resilience server did not start (exit ${server.exitCode}, health: ${health}): ${output.join('').slice(-2000)}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

function killServer(): Promise<void> {
  const s = server;
  server = null;
  if (!s || s.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    s.once('exit', () => resolve());
    s.kill('SIGKILL');
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  databaseUrl = await createDatabase(database);
  await startServer();
  const url = `http://127.0.0.1:${PORT}`;
  const login = await call<{ accessToken: string }>(
    { url } as BrowserEnv,
    'POST',
    '/api/auth/login',
    { username: 'admin', password: PASSWORD },
    '',
  );
  env = { url, adminToken: login.accessToken } as BrowserEnv;
  await call(
    env,
    'POST',
    '/api/org/import',
    {
      units: [
        { code: 'RS', name: '韧性测试局', kind: 'bureau' },
        { code: 'RS-1', name: '城南派出所', kind: 'station', parentCode: 'RS' },
      ],
      officers: [
        { badgeNo: '910001', name: '郑一鸣', unitCode: 'RS-1' },
        { badgeNo: '910002', name: '王二妮', unitCode: 'RS-1' },
        { badgeNo: '910003', name: '冯三川', unitCode: 'RS-1' },
      ],
    },
    env.adminToken,
  );
  env.ingestToken = (
    await call<{ token: string }>(env, 'POST', '/api/tokens', { kind: 'ingest', label: 'rs' }, env.adminToken)
  ).token;
  const wall = await call<{ id: string; token: string }>(
    env,
    'POST',
    '/api/tokens',
    { kind: 'display', unitCode: 'RS', label: 'rs wall' },
    env.adminToken,
  );
  wallToken = wall.token;
  // A tall ticker, so every line of the test is on screen at once.
  await call(
    env,
    'PUT',
    `/api/walls/${wall.id}`,
    {
      config: {
        panelSets: [{ layout: 'duo', panels: ['ticker', 'officers'], seconds: 60 }],
        privacy: 'off',
        reloadHour: null,
      },
    },
    env.adminToken,
  );
});

test.afterAll(async () => {
  await killServer();
  await dropDatabase(database);
  const r = new Redis('redis://127.0.0.1:6379');
  const keys = await r.keys(`${redisPrefix}*`);
  if (keys.length) await r.del(...keys);
  await r.quit();
});

let serial = 0;
/** One scored event per officer named: a case filed (+10), each its own ticker line. */
async function score(badges: string[]): Promise<void> {
  const events = badges.map((badgeNo) => {
    const ref = `RS-${Date.now()}-${serial++}`;
    return {
      eventId: ref,
      type: 'case.filed',
      occurredAt: new Date().toISOString(),
      unitCode: 'RS-1',
      subject: { kind: 'case', ref },
      officers: [{ badgeNo, role: 'primary' }],
      data: {},
    };
  });
  await call(env, 'POST', '/api/events', { events }, env.ingestToken);
}

/** Every ticker line as `badge`, newest first. */
const tickerBadges = (page: Page) =>
  page
    .locator('[data-testid=panel-set][data-shown=true] [data-testid=ticker-item]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.badge!));

async function openWall(page: Page) {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${env.url}/wall?token=${wallToken}`);
  await expect(page.getByTestId('wall-connection').first()).toHaveAttribute('data-state', 'live');
}

test('a dropped connection keeps the data, says for how long, and catches up with no gap and no duplicate', async ({
  page,
}, info) => {
  test.setTimeout(90_000);
  let blocked = false;
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (blocked) {
      void ws.close({ code: 1011, reason: 'network down' });
      return;
    }
    ws.connectToServer();
    open.push(ws);
  });
  await openWall(page);
  await score(['910001']);
  await expect.poll(() => tickerBadges(page)).toEqual(['910001']);
  const before = await page.getByTestId('leaderboard-row').count();

  blocked = true;
  for (const ws of open.splice(0)) await ws.close({ code: 1006, reason: 'cable pulled' });
  const banner = page.getByTestId('wall-banner').first();
  await expect(banner).toHaveAttribute('data-state', 'reconnecting');
  await expect(banner).toContainText('连接中断');
  // What was on screen stays on screen.
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(before);
  await expect.poll(() => tickerBadges(page)).toEqual(['910001']);
  // Missed while away: three changes the wall must catch up on.
  await score(['910002', '910003']);
  await score(['910002']);
  await expect(banner).toContainText(/[2-9]秒/, { timeout: 10_000 });
  await page.screenshot({ path: info.outputPath('wall-disconnected.png') });

  blocked = false;
  await expect(page.getByTestId('wall-connection').first()).toHaveAttribute('data-state', 'live', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('wall-banner')).toHaveCount(0);
  await expect.poll(() => tickerBadges(page)).toEqual(['910002', '910003', '910002', '910001']);
  const totals = page.locator(
    '[data-testid=leaderboard-row][data-badge="910002"] [data-testid=leaderboard-total]',
  );
  await expect(totals.first()).toHaveText('20');
  // And it is live again.
  await score(['910003']);
  await expect.poll(() => tickerBadges(page)).toEqual(['910003', '910002', '910003', '910002', '910001']);
});

test('a server restart while the wall is open is invisible except for the banner', async ({ page }, info) => {
  test.setTimeout(120_000);
  await openWall(page);
  const start = await tickerBadges(page);
  await killServer();
  const banner = page.getByTestId('wall-banner').first();
  await expect(banner).toHaveAttribute('data-state', 'reconnecting');
  await expect(page.getByTestId('leaderboard-row').first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('wall-server-down.png') });
  await startServer();
  // Scored the moment the server is back, possibly before the wall has reconnected.
  await score(['910001']);
  await expect(page.getByTestId('wall-connection').first()).toHaveAttribute('data-state', 'live', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('wall-banner')).toHaveCount(0);
  await score(['910003']);
  await expect.poll(() => tickerBadges(page), { timeout: 15_000 }).toEqual(['910003', '910001', ...start]);
});
