import { expect, test } from '@playwright/test';
import { browserEnv } from './browser-env';
import { consoleBureau, consolePage, ingest, login, problemOn, screen, user } from './console-support';

const env = browserEnv();
let supervisors: { username: string; password: string }[];
test.beforeAll(async () => {
  supervisors = await consoleBureau(env);
});

test('two supervisors: one acknowledges in one click, the other sees it live with the name', async ({
  browser,
}) => {
  const a = await consolePage(browser, 'zh-CN', supervisors[0]);
  const b = await consolePage(browser, 'zh-CN', supervisors[1]);
  const ref = `C-ACK-${Date.now()}`;
  await ingest(env, [{ type: 'case.overturned', ref }]);

  // The new problem appears in both inboxes without a reload, with the officer's name.
  const rowA = a.getByTestId('inbox-row').filter({ hasText: ref });
  const rowB = b.getByTestId('inbox-row').filter({ hasText: ref });
  await expect(rowA).toHaveAttribute('data-status', 'open');
  await expect(rowB).toHaveAttribute('data-status', 'open');
  await expect(rowA.getByTestId('row-officers')).toHaveText('周杰（710001）');

  await rowA.getByTestId('ack-button').click();
  await expect(rowA).toHaveAttribute('data-status', 'acknowledged');
  await expect(rowB).toHaveAttribute('data-status', 'acknowledged');
  await expect(rowB.getByTestId('ack-by')).toContainText(supervisors[0].username);
  await expect(rowB.getByTestId('ack-button')).toHaveCount(0);
  await screen(b, 'supervisor-zh-CN-inbox-live-ack');
});

test('a problem link opens that problem after login, and its whole life cycle shows who did what', async ({
  browser,
}) => {
  const ref = `C-LIFE-${Date.now()}`;
  await ingest(env, [{ type: 'case.review.returned', ref, badgeNo: '710002' }]);
  const { id } = await problemOn(env, ref);
  const officer = await user(env, { username: 'console-wumin', role: 'officer', badgeNo: '710002' });

  // A colleague's link, opened by someone not logged in.
  const sup = await consolePage(browser, 'en', undefined, `/console/problems/${id}`);
  await expect(sup).toHaveURL(/\/console\/login\?redirect=/);
  await login(sup, supervisors[0]);
  await expect(sup).toHaveURL(new RegExp(`/console/problems/${id}$`));
  const problem = sup.getByTestId('problem');
  await expect(problem).toHaveAttribute('data-status', 'open');
  await expect(sup.getByTestId('problem-officers')).toHaveText('吴敏 (710002)');

  await sup.getByTestId('detail-ack').click();
  await expect(problem).toHaveAttribute('data-status', 'acknowledged');
  await expect(sup.getByTestId('assign-officer')).toHaveValue('710002');
  await sup.getByTestId('assign').click();
  await expect(problem).toHaveAttribute('data-status', 'rectifying');

  // The officer reports the rectification from the same link; the supervisor sees it live.
  const off = await consolePage(browser, 'zh-CN', undefined, `/console/problems/${id}`);
  await login(off, officer);
  await expect(off.getByTestId('problem')).toHaveAttribute('data-status', 'rectifying');
  await off.getByTestId('rectify-note').fill('已补充审核材料');
  await off.getByTestId('report-rectified').click();
  await expect(off.getByTestId('action-done')).toBeVisible();
  await expect(problem).toHaveAttribute('data-status', 'rectified');

  await sup.getByTestId('verify').click();
  await expect(problem).toHaveAttribute('data-status', 'closed');
  await expect(sup.getByTestId('resolution')).toHaveText('Rectified and verified');
  await expect(sup.getByTestId('history-row')).toHaveCount(5);
  const actions = await sup
    .getByTestId('history-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  expect(actions).toEqual(['raised', 'acknowledged', 'assigned', 'rectified', 'verified']);
  await expect(sup.locator('[data-action=rectified]')).toContainText(officer.username);
  await expect(sup.locator('[data-action=assigned]')).toContainText('吴敏 (710002)');
  await screen(sup, 'supervisor-en-problem-closed');
});

test('an illegal step is answered in the reader’s language', async ({ browser }) => {
  const ref = `C-ILLEGAL-${Date.now()}`;
  await ingest(env, [{ type: 'case.overturned', ref }]);
  const { id } = await problemOn(env, ref);
  const page = await consolePage(browser, 'zh-CN', supervisors[0], `/console/problems/${id}`);
  await page.getByTestId('dismiss-reason').fill('短');
  await page.getByTestId('dismiss').click();
  await expect(page.getByTestId('action-error')).toContainText('请求参数有误');
  await expect(page.getByTestId('problem')).toHaveAttribute('data-status', 'open');
});

test('leaderboard by quarter drills down from unit to officer to the officer’s ledger', async ({
  browser,
}) => {
  await ingest(env, [{ type: 'case.filed', ref: `C-FILED-${Date.now()}`, badgeNo: '710001' }]);
  const page = await consolePage(browser, 'en', supervisors[0]);
  await page.getByTestId('nav-leaderboard').click();
  await page.getByTestId('period-kind').selectOption('quarter');
  await expect(page).toHaveURL(/period=\d{4}-Q[1-4]/);
  await page.getByTestId('board-by').selectOption('unit');
  const unitRow = page.getByTestId('board-row').filter({ hasText: '城关派出所' });
  await expect(unitRow).toBeVisible();
  await unitRow.getByTestId('drill').click();
  await expect(page).toHaveURL(/by=officer&unit=CB-1/);
  const officerRow = page.getByTestId('board-row').filter({ hasText: '周杰 (710001)' });
  await officerRow.getByTestId('drill').click();
  await expect(page).toHaveURL(/\/console\/officers\/710001\?period=\d{4}-Q[1-4]/);
  await expect(page.getByTestId('officer-title')).toContainText('周杰 (710001)');
  const filed = page.getByTestId('ledger-row').filter({ hasText: 'Criminal case filed' }).first();
  await expect(filed).toContainText('+10');
  await expect(filed.getByTestId('ledger-cause')).toHaveText('Scored');
  await expect(page.getByTestId('dimension-quantity')).toBeVisible();

  // A supervisor's adjustment needs a reason, then shows in the ledger with it.
  await page.getByTestId('adjust-points').fill('2');
  await page.getByTestId('adjust-reason').fill('好');
  await page.locator('[data-testid=adjustment] button[type=submit]').click();
  await expect(page.getByTestId('adjust-error')).toContainText('reason');
  await page.getByTestId('adjust-reason').fill('commended for a night search');
  await page.locator('[data-testid=adjustment] button[type=submit]').click();
  const adjusted = page.getByTestId('ledger-row').filter({ hasText: 'commended for a night search' });
  await expect(adjusted).toContainText('+2');
  await expect(adjusted).toContainText('Manual adjustment');
  await screen(page, 'supervisor-en-officer-ledger');
});

test('an officer sees the score breakdown, every ledger row and own problems, and nothing of admin', async ({
  browser,
}) => {
  const officer = await user(env, { username: 'console-zhoujie', role: 'officer', badgeNo: '710001' });
  const ref = `C-OWN-${Date.now()}`;
  await ingest(env, [{ type: 'case.overturned', ref, badgeNo: '710001' }]);
  const page = await consolePage(browser, 'zh-CN', officer);
  await expect(page).toHaveURL(/\/console\/me/);
  await expect(page.getByTestId('score-total')).toBeVisible();
  const deduction = page.getByTestId('ledger-row').filter({ hasText: '-10' }).first();
  await expect(deduction).toBeVisible();
  await expect(page.getByTestId('console-nav')).not.toContainText('组织机构导入');
  await page.getByTestId('nav-my-problems').click();
  await expect(page.getByTestId('my-problem').filter({ hasText: ref })).toBeVisible();
  // An officer typing an admin address lands on the own score page.
  await page.goto(`${env.url}/console/admin/rules`);
  await expect(page).toHaveURL(/\/console\/me/);
  await screen(page, 'officer-zh-CN-my-score');
});

test('the bell counts a problem raised for this officer the moment it is raised, and opening it reads it', async ({
  browser,
}) => {
  const officer = await user(env, { username: 'console-wumin-bell', role: 'officer', badgeNo: '710002' });
  for (const lang of ['zh-CN', 'en'] as const) {
    const page = await consolePage(browser, lang, officer);
    const bell = page.getByTestId('bell');
    // Start from nothing unread, so the count shown is this problem's.
    await bell.click();
    const readAll = page.getByTestId('bell-read-all');
    if (await readAll.isVisible()) await readAll.click();
    await expect(page.getByTestId('bell-count')).toHaveCount(0);
    await bell.click();

    const ref = `C-BELL-${lang}-${Date.now()}`;
    await ingest(env, [{ type: 'case.overturned', ref, badgeNo: '710002' }]);
    const { id } = await problemOn(env, ref);
    // No reload: the count rises with the live `notification` message.
    await expect(page.getByTestId('bell-count')).toHaveText('1', { timeout: 15_000 });

    await bell.click();
    const item = page.getByTestId('bell-item').first();
    await expect(item).toHaveClass(/unread/);
    await expect(item).toContainText(lang === 'zh-CN' ? '执法问题' : 'Problem');
    await screen(page, `officer-${lang}-bell-menu`);
    await item.click();
    await expect(page).toHaveURL(new RegExp(`/console/problems/${id}$`));
    await expect(page.getByTestId('bell-count')).toHaveCount(0);

    await page.goto(`${env.url}/console/notifications`);
    const read = page.getByTestId('notification').first();
    await expect(read).toHaveAttribute('data-read', 'true');
    await screen(page, `officer-${lang}-notifications`);
    await page.context().close();
  }
});

test('notification settings: e-mail needs an address, the choice is kept', async ({ browser }) => {
  const officer = await user(env, { username: 'console-prefs', role: 'officer', badgeNo: '710001' });
  const page = await consolePage(browser, 'zh-CN', officer);
  await page.goto(`${env.url}/console/notifications/preferences`);
  const email = page.getByTestId('pref-problem.raised-email');
  await expect(page.getByTestId('pref-problem.raised-in_app')).toBeChecked();
  await expect(email).not.toBeChecked();
  await email.check();
  await page.getByTestId('pref-save').click();
  await expect(page.getByTestId('pref-error')).toHaveText('选择邮件通知需要先填写邮箱地址');
  await page.getByTestId('pref-email').fill('zhoujie@bureau.example');
  await page.getByTestId('pref-save').click();
  await expect(page.getByTestId('pref-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('pref-problem.raised-email')).toBeChecked();
  await expect(page.getByTestId('pref-email')).toHaveValue('zhoujie@bureau.example');
  await screen(page, 'officer-zh-CN-notification-settings');
  await page.context().close();
});

test('the console draws its Chinese, bold header included, in its own font on a machine with none', async ({
  browser,
}) => {
  const page = await consolePage(browser, 'zh-CN', supervisors[0]);
  const title = page.locator('.console header strong');
  await expect(title).toHaveText('积分制执法监督');
  await page.evaluate(() => document.fonts.ready);
  // As styled, the title must draw exactly as it does in the bundled font named alone: a system
  // font earlier in the stack that lacks the glyphs draws boxes instead.
  const styled = (await title.screenshot()).toString('base64');
  await title.evaluate((e) => (e.style.fontFamily = "'Noto Sans SC Variable'"));
  await page.evaluate(() => document.fonts.ready);
  expect((await title.screenshot()).toString('base64')).toBe(styled);
});
