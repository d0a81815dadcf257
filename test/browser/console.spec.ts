import { expect, test, type Page } from '@playwright/test';
import { browserEnv, call } from './browser-env';

async function login(page: Page, username: string, password: string) {
  const env = browserEnv();
  await page.goto(`${env.url}/console`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('console-user')).toContainText(username);
  await expect(page.getByTestId('inbox-live')).toHaveAttribute('data-state', 'live');
}

test('two supervisors: one acknowledges, the other sees it live and cannot acknowledge again', async ({
  browser,
}, info) => {
  const env = browserEnv();
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await login(a, env.supervisors[0].username, env.supervisors[0].password);
  await login(b, env.supervisors[1].username, env.supervisors[1].password);

  const ref = `C-CONSOLE-${Date.now()}`;
  await call(
    env,
    'POST',
    '/api/events',
    {
      events: [
        {
          eventId: `console-${Date.now()}`,
          type: 'case.overturned',
          occurredAt: new Date().toISOString(),
          unitCode: 'WB-1',
          subject: { kind: 'case', ref },
          officers: [{ badgeNo: '700001', role: 'primary' }],
          data: {},
        },
      ],
    },
    env.ingestToken,
  );

  // The new problem appears in both inboxes without a reload.
  const rowA = a.getByTestId('inbox-row').filter({ hasText: ref });
  const rowB = b.getByTestId('inbox-row').filter({ hasText: ref });
  await expect(rowA).toHaveAttribute('data-status', 'open');
  await expect(rowB).toHaveAttribute('data-status', 'open');

  await rowA.getByTestId('ack-button').click();
  await expect(rowA).toHaveAttribute('data-status', 'acknowledged');
  // B sees A's acknowledgement live, with A's name.
  await expect(rowB).toHaveAttribute('data-status', 'acknowledged');
  await expect(rowB.getByTestId('ack-by')).toContainText(env.supervisors[0].username);
  await expect(rowB.getByTestId('ack-button')).toHaveCount(0);
  await a.screenshot({ path: info.outputPath('console-a.png') });
  await b.screenshot({ path: info.outputPath('console-b.png') });
});
