import type { PublicationSnapshot, PublicationSummary, Role } from '@jifen/shared';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { i18n } from '../i18n';
import { useSessionStore } from '../stores/session';
import { fakeApi } from './fake-api';

/** Charts are drawn by ECharts, which a DOM without layout cannot run; the pages' tests read the options instead. */
export const chartOptions: unknown[] = [];
export const echartsStub = () => ({
  use: vi.fn(),
  init: vi.fn(() => ({
    setOption: (o: unknown) => chartOptions.push(o),
    resize: vi.fn(),
    dispose: vi.fn(),
  })),
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const notFound = () =>
  json(
    { statusCode: 404, code: 'PUBLICATION.NOT_FOUND', message: 'not published', messageZh: '未发布' },
    404,
  );

/** The list the server would give for these snapshots: one entry per period, all its versions. */
export function summaries(snapshots: PublicationSnapshot[]): PublicationSummary[] {
  const byKey = new Map<string, PublicationSummary>();
  for (const s of [...snapshots].sort((a, b) => a.version - b.version)) {
    const known = byKey.get(`${s.kind}/${s.period}`);
    byKey.set(`${s.kind}/${s.period}`, {
      kind: s.kind,
      period: s.period,
      version: s.version,
      publishedAt: s.publishedAt,
      versions: [...(known?.versions ?? []), s.version],
    });
  }
  return [...byKey.values()];
}

/**
 * The publication API over fake-api for the page tests: the list, each snapshot by kind,
 * period and version, its files, and runs; `extra` routes come first.
 */
export function publicationServer(snapshots: PublicationSnapshot[], extra: Record<string, unknown> = {}) {
  const api: Record<string, unknown> = {
    'POST /api/publications/': (_b: unknown, path: string) =>
      json({ jobId: path.split('/').slice(3, 5).join(':') }, 202),
    'GET /api/publications': (_b: unknown, path: string) => {
      const url = new URL(path, 'http://x');
      const [kind, period] = url.pathname.split('/').slice(3).map(decodeURIComponent);
      if (!period)
        return summaries(snapshots).filter(
          (p) => !url.searchParams.get('kind') || p.kind === url.searchParams.get('kind'),
        );
      const all = snapshots.filter((x) => x.kind === kind && x.period === period);
      const v = Number(url.searchParams.get('version') ?? Math.max(...all.map((x) => x.version)));
      const one = all.find((x) => x.version === v);
      if (!one) return notFound();
      const format = url.searchParams.get('format');
      return format
        ? new Response(`${one.kind} ${one.period} v${one.version}`, {
            headers: {
              'content-disposition': `attachment; filename="${one.period}-v${one.version}.${format}"`,
            },
          })
        : one;
    },
  };
  // The test's own routes are matched first; a route it names replaces the default one.
  return fakeApi({
    ...extra,
    ...Object.fromEntries(Object.entries(api).filter(([k]) => !(k in extra))),
  });
}

/** The pages under test mounted behind a real router at `at`, as `role` (or nobody). */
export async function openPage(
  routes: { path: string; name: string; component: unknown; props?: boolean }[],
  at: string,
  role: Role | null,
  locale: 'zh-CN' | 'en' = 'zh-CN',
) {
  i18n.global.locale.value = locale;
  const pinia = createPinia();
  setActivePinia(pinia);
  if (role) useSessionStore().user = { id: 'u', username: role, role, unitCode: null, badgeNo: null };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      ...(routes as never[]),
      { path: '/console/login', name: 'login', component: { render: () => h('div') } },
      { path: '/:rest(.*)*', name: 'other', component: { render: () => h('div') } },
    ],
  });
  await router.push(at);
  const wrapper = mount(defineComponent({ render: () => h(RouterView) }), {
    global: { plugins: [pinia, router, i18n] },
  });
  return { wrapper, router };
}
