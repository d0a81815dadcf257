import { expect, test } from '@playwright/test';
import { browserEnv } from './browser-env';

test('an admin opens the queue dashboard from a bearer session; a browser without the pass is refused', async ({
  browser,
}, info) => {
  const env = browserEnv();
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  // What the console does: exchange its bearer token for the dashboard's cookie, then open it.
  await page.goto(`${env.url}/api/health`);
  const session = await page.evaluate(async (token) => {
    const res = await fetch('/api/queues/board-session', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    return (await res.json()) as { url: string };
  }, env.adminToken);
  await page.goto(env.url + session.url);
  await expect(page.getByText('Jifen 任务队列')).toBeVisible();
  for (const queue of ['deadlines', 'notifications', 'webhooks']) {
    await expect(page.getByText(queue, { exact: true }).first()).toBeVisible();
  }
  await page.getByText('webhooks', { exact: true }).first().click();
  await expect(page).toHaveURL(/\/api\/queues\/board\/queue\/webhooks/);
  // the board polls, so wait for its first answer rather than for a quiet network
  await expect(page.locator('main')).not.toContainText(/加载中|Loading/);
  await page.screenshot({ path: info.outputPath('queue-board.png') });

  const stranger = await (await browser.newContext()).newPage();
  const refused = await stranger.goto(env.url + session.url);
  expect(refused?.status()).toBe(401);
  expect(await refused?.json()).toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
});
