import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { annualAssessment, monthlyAiring } from '../../../../test/factories/publications';
import { setBearer } from '../../api/client';
import { chartOptions, echartsStub, openPage, publicationServer } from '../../test/publication-pages';

vi.mock('echarts/core', () => echartsStub());
const { default: PublicView } = await import('./PublicView.vue');

const ROUTES = [
  { path: '/publications', name: 'public-publications', component: PublicView },
  { path: '/publications/:kind/:period', name: 'public-publication', component: PublicView, props: true },
];
const closed = () =>
  new Response(
    JSON.stringify({
      statusCode: 403,
      code: 'PUBLICATION.NOT_PUBLIC',
      message: 'not public',
      messageZh: '未公开',
    }),
    { status: 403 },
  );

describe('the public publication page', () => {
  beforeEach(() => (chartOptions.length = 0));
  afterEach(() => {
    vi.unstubAllGlobals();
    setBearer(null);
  });

  it('says plainly that the bureau does not publish openly, and offers the login', async () => {
    publicationServer([], { 'GET /api/publications': closed });
    const { wrapper } = await openPage(ROUTES, '/publications', null);
    await flushPromises();
    expect(wrapper.find('[data-testid=publication-closed]').text()).toContain('本局未开放积分发布的公开查询');
    expect(wrapper.find('[data-testid=publication-list]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=publication-closed] a').attributes('href')).toBe(
      '/console/login?redirect=/console/publications',
    );
  });

  it('reads without the login a console tab holds, so it shows what strangers are shown', async () => {
    setBearer('a-supervisor-session');
    const masked = {
      ...monthlyAiring(),
      rows: monthlyAiring().rows.map((r) => ({ ...r, name: `${r.name[0]}*` })),
    };
    const { calls } = publicationServer([masked, annualAssessment()]);
    const { wrapper, router } = await openPage(ROUTES, '/publications', null, 'en');
    await flushPromises();
    expect(wrapper.find('[data-testid=publication-group-annual]').text()).toContain('2026');
    await wrapper
      .find('[data-testid=publication-group-monthly] [data-testid=publication-link]')
      .trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/publications/monthly/2026-10');
    expect(wrapper.find('[data-testid=publication-title]').text()).toBe(
      'Monthly airing of case-handling points, Oct 2026',
    );
    expect(wrapper.findAll('[data-testid=publication-row] .name')[0].text()).toBe('张*');
    expect(wrapper.find('[data-testid=publication-run]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=publication-download-csv]').exists()).toBe(true);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.authorization === null)).toBe(true);
  });
});
