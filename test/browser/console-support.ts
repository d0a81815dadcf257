import { expect, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { browserEnv, call, type BrowserEnv } from './browser-env';

export type Lang = 'zh-CN' | 'en';
export const SCREENS = path.join(__dirname, '..', '..', 'test-results', 'console-screens');

/** A page at 1920×1080 in the given language, logged in (or not, when no user is given). */
export async function consolePage(
  browser: Browser,
  lang: Lang = 'zh-CN',
  user?: { username: string; password: string },
  at = '/console',
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addInitScript(
    (l) =>
      (
        globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
      ).localStorage.setItem('jifen.lang', l),
    lang,
  );
  const page = await context.newPage();
  await page.goto(browserEnv().url + at);
  if (user) await login(page, user);
  return page;
}

export async function login(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('form button[type=submit]').click();
  await expect(page.getByTestId('console-user')).toBeVisible();
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
}

export async function screen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

/**
 * The console specs' own bureau, beside the one global-setup makes for the wall specs, so
 * their scores and problems never show on the wall specs' display token.
 */
export const BUREAU = {
  units: [
    { code: 'CB', name: '控制台测试局', kind: 'bureau' },
    { code: 'CB-1', name: '城关派出所', kind: 'station', parentCode: 'CB' },
  ],
  officers: [
    { badgeNo: '710001', name: '周杰', unitCode: 'CB-1' },
    { badgeNo: '710002', name: '吴敏', unitCode: 'CB-1' },
  ],
};

/** Imports the bureau and its two supervisors (idempotent); returns their logins. */
export async function consoleBureau(env: BrowserEnv): Promise<{ username: string; password: string }[]> {
  await call(env, 'POST', '/api/org/import', BUREAU, env.adminToken);
  return Promise.all(
    ['console-sup-a', 'console-sup-b'].map((username) =>
      user(env, { username, role: 'supervisor', unitCode: 'CB' }),
    ),
  );
}

let serial = 0;
/** Events through the real ingest API, with a unique id per run. */
export async function ingest(
  env: BrowserEnv,
  events: {
    type: string;
    ref: string;
    badgeNo?: string;
    kind?: 'case' | 'incident' | 'complaint';
    data?: Record<string, unknown>;
  }[],
): Promise<void> {
  const answer = await call<{ rejected: unknown[] }>(
    env,
    'POST',
    '/api/events',
    {
      events: events.map((e) => ({
        eventId: `console-${Date.now()}-${++serial}`,
        type: e.type,
        occurredAt: new Date().toISOString(),
        unitCode: 'CB-1',
        subject: { kind: e.kind ?? 'case', ref: e.ref },
        officers: [{ badgeNo: e.badgeNo ?? '710001', role: 'primary' }],
        data: e.data ?? {},
      })),
    },
    env.ingestToken,
  );
  expect(answer.rejected).toEqual([]);
}

/** A login created for the spec through the admin API (the browser database lives for one run). */
export async function user(
  env: BrowserEnv,
  body: { username: string; role: 'officer' | 'supervisor' | 'admin'; badgeNo?: string; unitCode?: string },
): Promise<{ username: string; password: string }> {
  const password = `${body.username}-password`;
  const res = await fetch(`${env.url}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${env.adminToken}` },
    body: JSON.stringify({ ...body, password }),
  });
  if (res.status !== 201 && res.status !== 409) throw new Error(`user ${body.username}: ${res.status}`);
  return { username: body.username, password };
}

export async function problemOn(env: BrowserEnv, ref: string): Promise<{ id: string; version: number }> {
  for (let i = 0; i < 50; i++) {
    const page = await call<{ items: { id: string; version: number; subject: { ref: string } }[] }>(
      env,
      'GET',
      '/api/alerts?status=open,acknowledged,rectifying,rectified,closed,dismissed&limit=200',
      undefined,
      env.adminToken,
    );
    const found = page.items.find((a) => a.subject.ref === ref);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no problem on ${ref}`);
}
