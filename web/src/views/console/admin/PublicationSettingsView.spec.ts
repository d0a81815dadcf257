import { PUBLICATION_DEFAULTS } from '@jifen/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../i18n';
import { fakeApi } from '../../../test/fake-api';
import PublicationSettingsView from './PublicationSettingsView.vue';

const page = async () => {
  const w = mount(PublicationSettingsView, { global: { plugins: [createPinia(), i18n] } });
  await flushPromises();
  return w;
};
const input = (w: Awaited<ReturnType<typeof page>>, name: string) => w.find(`input[name=${name}]`);

describe('publication settings', () => {
  beforeEach(() => (i18n.global.locale.value = 'zh-CN'));
  afterEach(() => vi.unstubAllGlobals());

  it('shows the shares in per cent and saves them as shares', async () => {
    const { calls } = fakeApi({
      'GET /api/publications/settings': PUBLICATION_DEFAULTS,
      'PUT /api/publications/settings': (body: unknown) => body,
    });
    const w = await page();
    expect((input(w, 'recommendedShare').element as HTMLInputElement).value).toBe('10');
    expect((input(w, 'ineligibleShare').element as HTMLInputElement).value).toBe('5');
    expect((input(w, 'privacy').element as HTMLInputElement).checked).toBe(true);
    await input(w, 'ineligibleShare').setValue('7.5');
    await input(w, 'commendedOfficers').setValue('5');
    await input(w, 'publicAccess').setValue(true);
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(calls.at(-1)).toMatchObject({
      method: 'PUT',
      body: { ...PUBLICATION_DEFAULTS, ineligibleShare: 0.075, commendedOfficers: 5, publicAccess: true },
    });
    expect(w.find('[data-testid=publication-settings-saved]').exists()).toBe(true);
  });

  it('shows the server’s refusal in the reader’s language and keeps what was typed', async () => {
    fakeApi({
      'GET /api/publications/settings': PUBLICATION_DEFAULTS,
      'PUT /api/publications/settings': new Response(
        JSON.stringify({
          statusCode: 400,
          code: 'VALIDATION',
          message: 'recommendedShare: at most 0.5',
          messageZh: 'recommendedShare：不能超过 0.5',
        }),
        { status: 400 },
      ),
    });
    const w = await page();
    await input(w, 'recommendedShare').setValue('60');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.find('[data-testid=publication-settings-error]').text()).toBe('recommendedShare：不能超过 0.5');
    expect((input(w, 'recommendedShare').element as HTMLInputElement).value).toBe('60');
    expect(w.find('[data-testid=publication-settings-saved]').exists()).toBe(false);
  });
});
