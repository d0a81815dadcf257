import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';

const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
const init = vi.fn(() => chart);
vi.mock('echarts/core', () => ({ init, use: vi.fn() }));

const { useChart } = await import('./use-chart');

describe('useChart', () => {
  it('creates one chart, updates it in place however often the data changes, and disposes it', async () => {
    const option = ref({ series: [{ data: [1] }] });
    const C = defineComponent({
      setup() {
        const el = ref<HTMLElement | null>(null);
        useChart(el, option);
        return () => h('div', { ref: el });
      },
    });
    const w = mount(C);
    for (let i = 2; i < 50; i++) {
      option.value = { series: [{ data: [i] }] };
      await nextTick();
    }
    expect(init).toHaveBeenCalledTimes(1);
    expect(init.mock.calls[0]).toEqual([expect.any(HTMLElement), undefined, { renderer: 'svg' }]);
    expect(chart.setOption).toHaveBeenCalledTimes(49);
    expect(chart.setOption.mock.calls[0][0]).toMatchObject({
      textStyle: { fontFamily: expect.stringContaining('Noto Sans SC') },
    });
    expect(chart.setOption).toHaveBeenLastCalledWith({ series: [{ data: [49] }] }, { lazyUpdate: true });
    w.unmount();
    expect(chart.dispose).toHaveBeenCalledTimes(1);
    option.value = { series: [{ data: [0] }] };
    await nextTick();
    expect(chart.setOption).toHaveBeenCalledTimes(49);
  });
});
