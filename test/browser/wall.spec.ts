import { expect, test } from '@playwright/test';
import { browserEnv, call } from './browser-env';

test('the wall shows a score the moment it is ingested, as real text', async ({ page }, info) => {
  const env = browserEnv();
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(`${env.url}/wall?token=${env.displayToken}`);
  await expect(page.getByTestId('wall-connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(2);

  await call(
    env,
    'POST',
    '/api/events',
    {
      events: [
        {
          eventId: `browser-${Date.now()}`,
          type: 'case.filed',
          occurredAt: new Date().toISOString(),
          unitCode: 'WB-1',
          subject: { kind: 'case', ref: 'A-WALL-1' },
          officers: [{ badgeNo: '700002', role: 'primary' }],
          data: {},
        },
      ],
    },
    env.ingestToken,
  );

  const first = page.getByTestId('leaderboard-row').first();
  await expect(first).toHaveAttribute('data-badge', '700002');
  await expect(first.getByTestId('leaderboard-total')).toHaveText('10');
  await expect(first).toContainText('吴敏');
  await expect(page.getByTestId('ticker-item').first()).toContainText('+10');
  await page.screenshot({ path: info.outputPath('wall-live.png') });
});

test('privacy mode masks names and a bad token says so plainly', async ({ page }) => {
  const env = browserEnv();
  await page.goto(`${env.url}/wall?token=${env.displayToken}&privacy=1`);
  await expect(page.getByTestId('wall-connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('wall-leaderboard')).not.toContainText('吴敏');
  await expect(page.getByTestId('wall-leaderboard')).toContainText('吴＊');
  await page.goto(`${env.url}/wall?token=jfd_wrong`);
  await expect(page.getByTestId('wall-connection')).toHaveAttribute('data-state', 'denied');
});
