import { expect, test } from '@playwright/test';
import { browserEnv } from './browser-env';
import { consoleBureau, consolePage, ingest, problemOn, screen, user, type Lang } from './console-support';

const env = browserEnv();

/**
 * Every console page of every role at 1920×1080 in both languages, kept under
 * test-results/console-screens. Each page must show no message key and no raw rule id.
 */
for (const lang of ['zh-CN', 'en'] as Lang[]) {
  test(`every page of every role renders in ${lang}`, async ({ browser }) => {
    const [supervisor] = await consoleBureau(env);
    const ref = `C-SCREEN-${lang}-${Date.now()}`;
    await ingest(env, [
      { type: 'case.overturned', ref },
      { type: 'case.filed', ref },
      { type: 'incident.received', ref: `J-${ref}`, kind: 'incident' },
      { type: 'incident.handled', ref: `J-${ref}`, kind: 'incident' },
    ]);
    const { id } = await problemOn(env, ref);
    const roles = {
      admin: {
        login: await user(env, { username: 'console-admin', role: 'admin' }),
        pages: [
          'inbox',
          'leaderboard',
          'officers',
          'admin/org',
          'admin/users',
          'admin/tokens',
          'admin/holidays',
          'admin/rules',
          'admin/webhooks',
          'notifications',
          'notifications/preferences',
        ],
      },
      supervisor: {
        login: supervisor,
        pages: [
          'inbox',
          `problems/${id}`,
          'appeals',
          'leaderboard',
          'leaderboard?by=unit',
          'officers',
          'officers/710001',
          'notifications',
        ],
      },
      officer: {
        login: await user(env, { username: 'console-zhoujie', role: 'officer', badgeNo: '710001' }),
        pages: ['me', 'my-problems', `problems/${id}`, 'notifications', 'notifications/preferences'],
      },
    };
    for (const [role, { login, pages }] of Object.entries(roles)) {
      const page = await consolePage(browser, lang, login);
      for (const p of pages) {
        await page.goto(`${env.url}/console/${p}`);
        await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
        await page.waitForLoadState('networkidle');
        const text = await page.locator('main').innerText();
        expect(text, `${role} ${p}`).not.toMatch(/(console|notify)\.[a-z]+\.[a-zA-Z_]+/);
        // Rule ids belong only in the rule editor.
        if (!p.startsWith('admin/rules'))
          expect(text, `${role} ${p}`).not.toMatch(/\b(BASE|BONUS|CRIM|ADM)_[A-Z0-9_]+/);
        await screen(
          page,
          `${role}-${lang}-${p.startsWith('problems/') ? 'problem' : p.replace(/[^a-z0-9]+/gi, '-')}`,
        );
      }
      await page.context().close();
    }
  });
}
