import { DEFAULT_WALL_CONFIG, type WallSettings } from '@jifen/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../i18n';
import WallConfigView from './WallConfigView.vue';

const wall = (over: Partial<WallSettings> = {}): WallSettings => ({
  tokenId: 't1',
  label: '指挥中心大屏',
  unitCode: 'B1',
  revoked: false,
  config: DEFAULT_WALL_CONFIG,
  version: 4,
  updatedAt: null,
  updatedBy: 'admin',
  ...over,
});
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe('WallConfigView', () => {
  let fetch: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
    fetch = vi.fn(async (_path: string, init?: RequestInit) => {
      if (init?.method === 'PUT') {
        const body = JSON.parse(String(init.body));
        return json(wall({ config: body.config, version: body.version + 1 }));
      }
      return json([wall(), wall({ tokenId: 't2', label: '旧大屏', revoked: true })]);
    });
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  const page = async () => {
    const w = mount(WallConfigView, { global: { plugins: [createPinia(), i18n] } });
    await flushPromises();
    return w;
  };

  it('saves a changed privacy mode with the version it read', async () => {
    const w = await page();
    expect(w.findAll('[data-testid=wall-config-wall]')).toHaveLength(2);
    expect(w.find('[data-testid=wall-config-save]').attributes('disabled')).toBeDefined();
    await w.find('[data-testid=wall-config-privacy]').setValue('badge');
    await w.find('form').trigger('submit');
    await flushPromises();
    const [path, init] = fetch.mock.calls.find(([, i]) => i?.method === 'PUT')!;
    expect(path).toBe('/api/walls/t1');
    expect(JSON.parse(String(init.body))).toMatchObject({ version: 4, config: { privacy: 'badge' } });
    expect(w.find('[data-testid=wall-config-saved]').exists()).toBe(true);
    expect(w.text()).toContain('第 5 版');
  });

  it('a layout change keeps the panels that fit and fills the new slots', async () => {
    const w = await page();
    const set = w.findAll('[data-testid=wall-config-set]')[1];
    await set.find('[data-testid=wall-config-layout]').setValue('duo');
    expect(set.findAll('[data-testid=wall-config-panel]')).toHaveLength(2);
    await set.find('[data-testid=wall-config-layout]').setValue('command');
    expect(
      set.findAll('[data-testid=wall-config-panel]').map((s) => (s.element as HTMLSelectElement).value),
    ).toEqual(['trends', 'rates', 'officers', 'units', 'ticker']);
  });

  it('shows the server’s refusal in the reader’s language', async () => {
    fetch.mockImplementation(async (_p: string, init?: RequestInit) =>
      init?.method === 'PUT'
        ? json(
            {
              statusCode: 409,
              code: 'WALL.STALE',
              message: 'changed by sup-a',
              messageZh: '大屏配置已被 sup-a 修改，请刷新后重试',
            },
            409,
          )
        : json([wall()]),
    );
    const w = await page();
    await w.find('[data-testid=wall-config-reload]').setValue('null');
    await w.find('[data-testid=wall-config-privacy]').setValue('initials');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.find('[data-testid=wall-config-error]').text()).toContain('已被 sup-a 修改');
  });
});
