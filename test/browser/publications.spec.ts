import type { PublicationSnapshot, PublicationSummary } from '@jifen/shared';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PUBLICATION_DEFAULTS } from '@jifen/shared';
import { annualAssessment, dailyNotice, monthlyAiring, quarterlyNotice } from '../factories/publications';
import { browserEnv, call } from './browser-env';
import { consoleBureau, consolePage, user, type Lang } from './console-support';
import { pdfPageCount, pdfText } from './pdf-text';

const env = browserEnv();
const SCREENS = path.join(__dirname, '..', '..', 'test-results', 'publication-screens');
/** The width a page of A4 leaves inside the print stylesheet's margins (210 mm − 2 × 10 mm). */
const A4_INSIDE_PX = Math.floor((190 / 25.4) * 96);

async function keep(page: Page, name: string, pdf?: Buffer): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
  if (pdf) writeFileSync(path.join(SCREENS, `${name}.pdf`), pdf);
}

/** The page as Chromium prints it: A4 as the stylesheet asks. */
async function print(page: Page): Promise<Buffer> {
  return page.pdf({ preferCSSPageSize: true, printBackground: true });
}

/**
 * What the print stylesheet promises, read from the DOM in print media at the width of the
 * paper: no navigation or buttons, table heads that repeat, no column cut off, charts that fit.
 */
async function expectPrintLayout(page: Page, name: string): Promise<void> {
  const screen = page.viewportSize()!;
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: A4_INSIDE_PX, height: 1100 });
  try {
    await expect(page.getByTestId('publication-toolbar')).toBeHidden();
    await expect(page.getByTestId('publication-back')).toBeHidden();
    const layout = await page.evaluate(() => ({
      nav: document.querySelector('nav') ? getComputedStyle(document.querySelector('nav')!).display : 'none',
      heads: [...document.querySelectorAll('.publication-table thead')].map(
        (h) => getComputedStyle(h).display,
      ),
      widest: Math.max(
        ...[...document.querySelectorAll('.publication table, .publication figure, .publication-chart')].map(
          (e) => e.getBoundingClientRect().right,
        ),
      ),
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      clipped: [...document.querySelectorAll('.publication td, .publication th')].filter(
        (c) => c.scrollWidth > c.clientWidth + 1,
      ).length,
    }));
    expect(layout.nav).toBe('none');
    expect(layout.heads.length).toBeGreaterThan(0);
    expect(new Set(layout.heads)).toEqual(new Set(['table-header-group']));
    expect(layout.widest).toBeLessThanOrEqual(A4_INSIDE_PX);
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.clipped).toBe(0);
    // The paper as a picture, to look at: the whole document at the width of A4.
    mkdirSync(SCREENS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENS, `${name}-print.png`), fullPage: true });
  } finally {
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(screen);
  }
}

/**
 * Answers the page's publication requests with snapshots of known figures (the factories'),
 * as the documented API would: the layout and the print are then checked against numbers
 * the test knows, whatever the server holds.
 */
async function serveSnapshots(
  page: Page,
  snapshots: PublicationSnapshot[],
  publicAccess = true,
): Promise<void> {
  await page.route(
    (url) => url.pathname.startsWith('/api/publications'),
    async (route) => {
      const url = new URL(route.request().url());
      if (!publicAccess && !route.request().headers().authorization)
        return route.fulfill({
          status: 403,
          json: {
            statusCode: 403,
            code: 'PUBLICATION.NOT_PUBLIC',
            message: 'not public',
            messageZh: '未公开',
          },
        });
      const [kind, period] = url.pathname.split('/').slice(3).map(decodeURIComponent);
      if (!kind) {
        const list: PublicationSummary[] = snapshots
          .filter((s) => !url.searchParams.get('kind') || s.kind === url.searchParams.get('kind'))
          .map((s) => ({
            kind: s.kind,
            period: s.period,
            version: s.version,
            publishedAt: s.publishedAt,
            versions: [s.version],
          }));
        return route.fulfill({ json: list });
      }
      const one = snapshots.find((s) => s.kind === kind && s.period === period);
      return one
        ? route.fulfill({ json: one })
        : route.fulfill({
            status: 404,
            json: { statusCode: 404, code: 'PUBLICATION.NOT_FOUND', message: 'no', messageZh: '无' },
          });
    },
  );
}

test.describe('a publication of known figures', () => {
  for (const lang of ['zh-CN', 'en'] as Lang[]) {
    test(`the quarterly notice in the console prints to A4 with its names, in ${lang}`, async ({
      browser,
    }) => {
      const admin = await user(env, { username: 'publication-admin', role: 'admin' });
      const notice = quarterlyNotice();
      const page = await consolePage(browser, lang, admin);
      await serveSnapshots(page, [notice, annualAssessment()]);
      await page.goto(`${env.url}/console/publications`);
      await expect(page.getByTestId('publication-entry')).toHaveCount(2);
      await keep(page, `list-${lang}`);

      await page.goto(`${env.url}/console/publications/quarterly/2026-Q3`);
      await expect(page.getByTestId('publication-title')).toHaveText(
        lang === 'en'
          ? 'Quarterly notice of case-handling points, Q3 2026'
          : '2026年第3季度 执法办案积分季通报',
      );
      await expect(page.getByTestId('publication-row')).toHaveCount(notice.rows.length);
      await expect(page.locator('[data-testid=publication-chart-distribution] svg')).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      const pdf = await print(page);
      await keep(page, `quarterly-${lang}`, pdf);

      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPageCount(pdf)).toBeGreaterThan(0);
      const text = pdfText(pdf);
      // The commended officer by name, a unit, the title: drawn as text in the wall's own Chinese font.
      expect(text).toContain('张伟');
      expect(text).toContain('城关派出所');
      expect(text).toContain(lang === 'en' ? 'Quarterly notice' : '执法办案积分季通报');
      expect(pdf.toString('latin1')).toMatch(/NotoSansSC/);
      await expectPrintLayout(page, `quarterly-${lang}`);
      await page.context().close();
    });
  }

  test('a long annual assessment runs over several pages with its heads on each', async ({ browser }) => {
    const admin = await user(env, { username: 'publication-admin', role: 'admin' });
    const annual = annualAssessment(90);
    const page = await consolePage(browser, 'zh-CN', admin);
    await serveSnapshots(page, [annual]);
    await page.goto(`${env.url}/console/publications/annual/2026`);
    await expect(page.getByTestId('publication-row')).toHaveCount(90);
    await page.evaluate(() => document.fonts.ready);
    const pdf = await print(page);
    await keep(page, 'annual-zh-CN', pdf);
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThan(2);
    const text = pdfText(pdf);
    expect(text).toContain('欧阳娜娜');
    expect(text).toContain('取消评优资格');
    expect(text).toContain('钱进');
    // The ranking's head ("效率" heads its last breakdown column) is drawn again on the pages it runs over.
    expect(text.split('效率').length - 1).toBeGreaterThan(2);
    await expectPrintLayout(page, 'annual-zh-CN');
    await page.context().close();
  });

  for (const lang of ['zh-CN', 'en'] as Lang[]) {
    test(`the public page shows a publication without a login, or says it is closed, in ${lang}`, async ({
      browser,
    }) => {
      const masked = quarterlyNotice();
      masked.rows = masked.rows.map((r) => ({ ...r, name: `${r.name.slice(0, 1)}**` }));
      masked.commended.officers = masked.commended.officers.map((r) => ({
        ...r,
        name: `${r.name.slice(0, 1)}**`,
      }));
      const open = await consolePage(browser, lang, undefined, '/publications');
      await serveSnapshots(open, [masked]);
      await open.goto(`${env.url}/publications`);
      await open.getByTestId('publication-link').click();
      await expect(open.getByTestId('publication-row').first()).toContainText('张**');
      await expect(open.getByTestId('publication-run')).toHaveCount(0);
      await open.evaluate(() => document.fonts.ready);
      const pdf = await print(open);
      await keep(open, `public-${lang}`, pdf);
      expect(pdfText(pdf)).toContain('张**');
      expect(pdfText(pdf)).not.toContain('张伟');
      await expectPrintLayout(open, `public-${lang}`);
      await open.context().close();

      const shut = await consolePage(browser, lang, undefined, '/publications');
      await serveSnapshots(shut, [masked], false);
      await shut.goto(`${env.url}/publications`);
      await expect(shut.getByTestId('publication-closed')).toContainText(
        lang === 'en' ? 'does not publish its points to the public' : '本局未开放积分发布的公开查询',
      );
      await keep(shut, `public-closed-${lang}`);
      await shut.context().close();
    });
  }
});

test.describe('the other pages', () => {
  for (const lang of ['zh-CN', 'en'] as Lang[]) {
    test(`the monthly airing, the daily notice and the settings form, in ${lang}`, async ({ browser }) => {
      const admin = await user(env, { username: 'publication-admin', role: 'admin' });
      const page = await consolePage(browser, lang, admin);
      const airing = monthlyAiring(20);
      airing.rows[2] = { ...airing.rows[2], lateCorrections: 6.5 };
      await serveSnapshots(page, [airing, dailyNotice()]);
      await page.goto(`${env.url}/console/publications/monthly/2026-10`);
      await expect(page.getByTestId('publication-late')).toHaveCount(20);
      await expect(page.getByTestId('publication-late').nth(2)).toHaveText('+6.5');
      await keep(page, `monthly-${lang}`);
      await page.goto(`${env.url}/console/publications/daily/2026-10-31`);
      await expect(page.getByTestId('publication-daily-totals')).toContainText('82%');
      await keep(page, `daily-${lang}`);

      let saved: unknown = null;
      await page.route(
        (url) => url.pathname === '/api/publications/settings',
        (route) => {
          if (route.request().method() === 'PUT') saved = route.request().postDataJSON();
          return route.fulfill({ json: saved ?? PUBLICATION_DEFAULTS });
        },
      );
      await page.goto(`${env.url}/console/admin/publications`);
      await page.locator('input[name=ineligibleShare]').fill('8');
      await page.locator('input[name=publicAccess]').check();
      await page.getByTestId('publication-settings-save').click();
      await expect(page.getByTestId('publication-settings-saved')).toBeVisible();
      expect(saved).toEqual({ ...PUBLICATION_DEFAULTS, ineligibleShare: 0.08, publicAccess: true });
      await keep(page, `settings-${lang}`);
      await page.context().close();
    });
  }
});

/** The month before `now` in Shanghai, and an instant in its middle. */
function lastMonth(now = new Date()): { period: string; at: string } {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const y = shanghai.getUTCFullYear();
  const m = shanghai.getUTCMonth(); // 0-based: the previous month's number, 1-based
  const [py, pm] = m === 0 ? [y - 1, 12] : [y, m];
  const period = `${py}-${String(pm).padStart(2, '0')}`;
  return { period, at: `${period}-15T02:00:00.000Z` };
}

test('a monthly airing the server published prints with its officers’ names', async ({ browser }) => {
  await consoleBureau(env);
  const { period, at } = lastMonth();
  const answer = await call<{ rejected: unknown[] }>(
    env,
    'POST',
    '/api/events',
    {
      events: ['周杰', '吴敏'].flatMap((_, i) => {
        const ref = `PUB-${Date.now()}-${i}`;
        return ['case.filed'].map((type) => ({
          eventId: `${ref}-${type}`,
          type,
          occurredAt: at,
          unitCode: 'CB-1',
          subject: { kind: 'case', ref },
          officers: [{ badgeNo: i === 0 ? '710001' : '710002', role: 'primary' }],
          data: {},
        }));
      }),
    },
    env.ingestToken,
  );
  expect(answer.rejected).toEqual([]);
  const run = await fetch(`${env.url}/api/publications/monthly/${period}/run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.adminToken}` },
  });
  expect(run.status).toBe(202);
  await expect
    .poll(
      async () =>
        (
          await fetch(`${env.url}/api/publications/monthly/${period}`, {
            headers: { authorization: `Bearer ${env.adminToken}` },
          })
        ).status,
      { timeout: 30_000 },
    )
    .toBe(200);

  const admin = await user(env, { username: 'publication-admin', role: 'admin' });
  const page = await consolePage(browser, 'zh-CN', admin);
  await page.goto(`${env.url}/console/publications`);
  await page.getByTestId('publication-group-monthly').getByTestId('publication-link').first().click();
  await expect(page.getByTestId('publication-ranking')).toContainText('周杰');
  await page.evaluate(() => document.fonts.ready);
  const pdf = await print(page);
  await keep(page, 'server-monthly-zh-CN', pdf);
  expect(pdfPageCount(pdf)).toBeGreaterThan(0);
  expect(pdfText(pdf)).toContain('周杰');
  await expectPrintLayout(page, 'server-monthly-zh-CN');
  await page.context().close();
});
