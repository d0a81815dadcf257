import { PUBLICATION_DEFAULTS, type MonthlyAiring, type PublicationSummary } from '@jifen/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monthlyAiring, quarterlyNotice } from '../../../test/factories/publications';
import { setBearer } from '../api/client';
import { fakeApi } from '../test/fake-api';
import { RUN_POLL, usePublicationsStore } from './publications';

const entry = (kind: PublicationSummary['kind'], period: string, versions = [1]): PublicationSummary => ({
  kind,
  period,
  version: Math.max(...versions),
  publishedAt: '2026-11-01T00:10:00.000Z',
  versions,
});

describe('publications store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    vi.unstubAllGlobals();
    setBearer(null);
  });

  it('lists every publication grouped by kind, and knows the versions of the open one', async () => {
    const { calls } = fakeApi({
      'GET /api/publications/monthly/2026-10?version=1': monthlyAiring(),
      'GET /api/publications': [
        entry('monthly', '2026-09'),
        entry('monthly', '2026-10', [1, 2]),
        entry('quarterly', '2026-Q3'),
      ],
    });
    const store = usePublicationsStore();
    await store.loadList();
    expect(store.groups[0].items.map((p) => p.period)).toEqual(['2026-10', '2026-09']);
    expect(store.groups[1].items.map((p) => p.period)).toEqual(['2026-Q3']);
    await store.load({ kind: 'monthly', period: '2026-10', version: 1 });
    expect((store.snapshot as MonthlyAiring).rows).toHaveLength(8);
    expect(store.summary?.versions).toEqual([1, 2]);
    expect(calls.map((c) => c.path)).toEqual([
      '/api/publications',
      '/api/publications/monthly/2026-10?version=1',
    ]);
  });

  it('reloads one kind without dropping the others', async () => {
    fakeApi({
      'GET /api/publications?kind=monthly': [entry('monthly', '2026-10', [1, 2])],
      'GET /api/publications': [entry('monthly', '2026-10'), entry('quarterly', '2026-Q3')],
    });
    const store = usePublicationsStore();
    await store.loadList();
    await store.loadList('monthly');
    expect(store.list.map((p) => `${p.kind}:${p.period}:${p.version}`).sort()).toEqual([
      'monthly:2026-10:2',
      'quarterly:2026-Q3:1',
    ]);
  });

  it('reads as the public without the login the tab holds, and learns when the bureau is closed', async () => {
    setBearer('secret-session');
    const seen: (string | null)[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_p: string, init: RequestInit) => {
        seen.push(new Headers(init.headers).get('authorization'));
        return new Response(
          JSON.stringify({
            statusCode: 403,
            code: 'PUBLICATION.NOT_PUBLIC',
            message: 'closed',
            messageZh: '未公开',
          }),
          { status: 403 },
        );
      }),
    );
    const store = usePublicationsStore();
    store.anonymous = true;
    await expect(store.loadList()).rejects.toThrow('closed');
    expect(store.closed).toBe(true);
    expect(seen).toEqual([null]);
    store.anonymous = false;
    await expect(store.loadList()).rejects.toThrow();
    expect(seen).toEqual([null, 'Bearer secret-session']);
  });

  it('downloads the open version’s file under the name the server gives it', async () => {
    const paths: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (p: string) => {
        paths.push(p);
        if (!p.includes('format=')) return new Response(JSON.stringify({ ...quarterlyNotice(), version: 2 }));
        return new Response('\uFEFF名次,姓名', {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="quarterly.csv"; filename*=UTF-8''${encodeURIComponent('2026年第3季度.csv')}`,
          },
        });
      }),
    );
    const store = usePublicationsStore();
    await store.load({ kind: 'quarterly', period: '2026-Q3', version: 2 });
    const got = await store.download('csv');
    expect(paths[1]).toBe('/api/publications/quarterly/2026-Q3?version=2&format=csv');
    expect(got.name).toBe('2026年第3季度.csv');
    expect(await got.blob.text()).toContain('名次,姓名');
  });

  it('names a file itself when the server does not, and shows a refused download as an error', async () => {
    let refuse = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (p: string) =>
        !p.includes('format=')
          ? new Response(JSON.stringify(monthlyAiring()))
          : refuse
            ? new Response(
                JSON.stringify({
                  statusCode: 400,
                  code: 'PUBLICATION.FORMAT',
                  message: 'no docx',
                  messageZh: '无',
                }),
                { status: 400 },
              )
            : new Response('x'),
      ),
    );
    const store = usePublicationsStore();
    await store.load({ kind: 'monthly', period: '2026-10' });
    expect((await store.download('xlsx')).name).toBe('monthly-2026-10-v1.xlsx');
    refuse = true;
    await expect(store.download('docx')).rejects.toThrow('no docx');
  });

  it('runs a period by hand and waits until its snapshot is listed', async () => {
    RUN_POLL.everyMs = 1;
    let lists = 0;
    const { calls } = fakeApi({
      'POST /api/publications/monthly/2026-11/run': { jobId: 'airing:2026-11' },
      'GET /api/publications?kind=monthly': () => (++lists < 3 ? [] : [entry('monthly', '2026-11')]),
    });
    const store = usePublicationsStore();
    expect(await store.run('monthly', '2026-11')).toEqual({ jobId: 'airing:2026-11', version: 1 });
    expect(lists).toBe(3);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/publications/monthly/2026-11/run' });
  });

  it('stops waiting for a run that stays queued, and says so', async () => {
    RUN_POLL.everyMs = 1;
    RUN_POLL.tries = 4;
    const { calls } = fakeApi({
      'POST /api/publications/daily/2026-11-30/run': { jobId: 'daily:2026-11-30' },
      'GET /api/publications?kind=daily': [],
    });
    const store = usePublicationsStore();
    expect(await store.run('daily', '2026-11-30')).toEqual({ jobId: 'daily:2026-11-30', version: null });
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(4);
  });

  it('reads and saves the bureau’s settings', async () => {
    const { calls } = fakeApi({
      'GET /api/publications/settings': PUBLICATION_DEFAULTS,
      'PUT /api/publications/settings': (body: unknown) => body,
    });
    const store = usePublicationsStore();
    await store.loadSettings();
    expect(store.settings).toEqual(PUBLICATION_DEFAULTS);
    await store.saveSettings({ ...PUBLICATION_DEFAULTS, publicAccess: true, commendedOfficers: 5 });
    expect(calls[1]).toMatchObject({ method: 'PUT', body: { publicAccess: true, commendedOfficers: 5 } });
    expect(store.settings?.commendedOfficers).toBe(5);
  });
});
