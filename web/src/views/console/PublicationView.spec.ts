import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monthlyAiring, quarterlyNotice } from '../../../../test/factories/publications';
import { RUN_POLL } from '../../stores/publications';
import { chartOptions, echartsStub, openPage, publicationServer } from '../../test/publication-pages';

vi.mock('echarts/core', () => echartsStub());
const { default: PublicationView } = await import('./PublicationView.vue');
const { default: PublicationsView } = await import('./PublicationsView.vue');

const ROUTES = [
  { path: '/console/publications', name: 'publications', component: PublicationsView },
  {
    path: '/console/publications/:kind/:period',
    name: 'publication',
    component: PublicationView,
    props: true,
  },
];
const v1 = monthlyAiring();
const v2 = {
  ...monthlyAiring(),
  version: 2,
  publishedAt: '2026-11-03T02:00:00.000Z',
  reissue: {
    supersedes: 1,
    cause: 'correction' as const,
    reason: '更正台账',
    refs: ['adjustment:7'],
    changes: [],
  },
};

describe('the console’s publication pages', () => {
  let saved: { href: string; download: string }[];
  beforeEach(() => {
    chartOptions.length = 0;
    saved = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: () => 'blob:file', revokeObjectURL: () => undefined }),
    );
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('lists the publications by kind with links to each version', async () => {
    publicationServer([v1, v2, quarterlyNotice()]);
    const { wrapper } = await openPage(ROUTES, '/console/publications', 'supervisor');
    await flushPromises();
    const monthly = wrapper.find('[data-testid=publication-group-monthly]');
    expect(monthly.find('[data-testid=publication-link]').text()).toBe('2026年10月 执法办案积分月晾晒');
    expect(monthly.find('[data-testid=publication-version-1]').attributes('href')).toBe(
      '/console/publications/monthly/2026-10?version=1',
    );
    expect(monthly.find('[data-testid=publication-version-2]').text()).toBe('第 2 版（最新）');
    expect(wrapper.find('[data-testid=publication-group-quarterly]').text()).toContain('2026年第3季度');
    expect(wrapper.find('[data-testid=publication-run-form]').exists()).toBe(false);
  });

  it('opens the version in the link and switches versions through the URL', async () => {
    const { calls } = publicationServer([v1, v2]);
    const { wrapper, router } = await openPage(
      ROUTES,
      '/console/publications/monthly/2026-10?version=1',
      'officer',
    );
    await flushPromises();
    expect(calls.map((c) => c.path)).toContain('/api/publications/monthly/2026-10?version=1');
    expect(wrapper.find('[data-testid=publication-reissue]').exists()).toBe(false);
    const options = wrapper.findAll('[data-testid=publication-version] option');
    expect(options.map((o) => o.text())).toEqual(['第 2 版（最新）', '第 1 版']);
    await wrapper.find('[data-testid=publication-version]').setValue('2');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/console/publications/monthly/2026-10?version=2');
    expect(wrapper.find('[data-testid=publication-reissue-reason]').text()).toBe('更正台账');
    expect(wrapper.find('[data-testid=publication-run]').exists()).toBe(false);
    expect(chartOptions.length).toBeGreaterThan(0);
  });

  it('downloads the files of the version shown, the formal notice only where there is one', async () => {
    const { calls } = publicationServer([v1, v2, quarterlyNotice()]);
    const { wrapper, router } = await openPage(
      ROUTES,
      '/console/publications/monthly/2026-10?version=1',
      'supervisor',
    );
    await flushPromises();
    expect(wrapper.find('[data-testid=publication-download-docx]').exists()).toBe(false);
    await wrapper.find('[data-testid=publication-download-xlsx]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)!.path).toBe('/api/publications/monthly/2026-10?version=1&format=xlsx');
    expect(saved).toEqual([{ href: 'blob:file', download: '2026-10-v1.xlsx' }]);
    await router.push('/console/publications/quarterly/2026-Q3');
    await flushPromises();
    await wrapper.find('[data-testid=publication-download-docx]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)!.path).toBe('/api/publications/quarterly/2026-Q3?version=1&format=docx');
    expect(saved[1].download).toBe('2026-Q3-v1.docx');
  });

  it('shows why a publication cannot be read', async () => {
    publicationServer([v1]);
    const { wrapper } = await openPage(ROUTES, '/console/publications/annual/2025', 'supervisor');
    await flushPromises();
    expect(wrapper.find('[data-testid=publication-error]').text()).toBe('未发布');
    expect(wrapper.find('[data-testid=publication]').exists()).toBe(false);
  });

  it('lets an administrator run a period by hand and opens it once published', async () => {
    RUN_POLL.everyMs = 1;
    const published: (typeof v1)[] = [];
    const { calls } = publicationServer(published, {
      'POST /api/publications/monthly/2026-11/run': () => {
        published.push({ ...monthlyAiring(), period: '2026-11' });
        return new Response(JSON.stringify({ jobId: 'airing:2026-11' }), { status: 202 });
      },
    });
    const { wrapper, router } = await openPage(ROUTES, '/console/publications', 'admin');
    await flushPromises();
    expect(wrapper.find('[data-testid=publication-empty]').exists()).toBe(true);
    await wrapper.find('[data-testid=publication-run-kind]').setValue('monthly');
    await wrapper.find('[data-testid=publication-run-period]').setValue('2026-11');
    await wrapper.find('[data-testid=publication-run-form]').trigger('submit');
    await flushPromises();
    expect(calls.find((c) => c.method === 'POST')!.path).toBe('/api/publications/monthly/2026-11/run');
    expect(router.currentRoute.value.fullPath).toBe('/console/publications/monthly/2026-11');
    await flushPromises();
    expect(wrapper.find('[data-testid=publication-title]').text()).toBe('2026年11月 执法办案积分月晾晒');
  });

  it('refuses to run a period that is not one of the kind chosen', async () => {
    publicationServer([]);
    const { wrapper } = await openPage(ROUTES, '/console/publications', 'admin');
    await flushPromises();
    await wrapper.find('[data-testid=publication-run-kind]').setValue('quarterly');
    expect((wrapper.find('[data-testid=publication-run-period]').element as HTMLInputElement).value).toMatch(
      /^\d{4}-Q[1-4]$/,
    );
    await wrapper.find('[data-testid=publication-run-period]').setValue('2026-13');
    expect(wrapper.find('form [data-testid=publication-run]').attributes('disabled')).toBeDefined();
  });
});
