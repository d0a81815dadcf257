import { expect, test, type Page } from '@playwright/test';
import { browserEnv } from './browser-env';
import { login } from './console-support';

/**
 * The content security policy (docs/SECURITY.md) lets the wall, the console and the queue
 * board do all they do: no violation is reported while they load, go live and draw their
 * charts in the self-hosted font.
 */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation(v: string): void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  return violations;
}

test('the wall goes live, draws its charts and uses its font within the policy', async ({ page }) => {
  const env = browserEnv();
  const violations = await watchViolations(page);
  const answer = await page.goto(`${env.url}/wall?token=${env.displayToken}`);
  expect(answer!.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('wall-connection').first()).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('wall-leaderboard').first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => [...document.fonts].some((f) => f.status === 'loaded'))).toBe(true);
  await page.waitForTimeout(1000);
  expect(violations).toEqual([]);
});

test('the console logs in, goes live and opens its pages within the policy', async ({ page }) => {
  const env = browserEnv();
  const violations = await watchViolations(page);
  await page.goto(`${env.url}/console`);
  await login(page, env.supervisors[0]);
  await page.goto(`${env.url}/console/publications`);
  await page.waitForLoadState('networkidle');
  expect(violations).toEqual([]);
});
