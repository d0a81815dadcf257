import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { nextReloadAt, useQuietHourReload } from './use-quiet-hour-reload';
import { rotationIndex } from './use-rotation';

const TZ = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('rotation', () => {
  const sets = [{ seconds: 60 }, { seconds: 20 }, { seconds: 10 }];
  it('shows each set for its own seconds, then starts over', () => {
    expect(rotationIndex(sets, 0)).toBe(0);
    expect(rotationIndex(sets, 59_999)).toBe(0);
    expect(rotationIndex(sets, 60_000)).toBe(1);
    expect(rotationIndex(sets, 80_000)).toBe(2);
    expect(rotationIndex(sets, 90_000)).toBe(0);
    expect(rotationIndex([{ seconds: 30 }], 1e9)).toBe(0);
  });
});

describe('the quiet-hour reload', () => {
  afterEach(() => vi.useRealTimers());

  it('is due at the next configured hour in the bureau’s zone', () => {
    expect(nextReloadAt(at('2026-11-23T02:30:00'), 4, TZ)).toBe(at('2026-11-23T04:00:00'));
    expect(nextReloadAt(at('2026-11-23T04:00:30'), 4, TZ)).toBe(at('2026-11-24T04:00:00'));
    expect(nextReloadAt(at('2026-11-23T23:59:00'), 0, TZ)).toBe(at('2026-11-24T00:00:00'));
  });

  it('reloads once at that hour, follows a changed hour, and is cleared with the component', () => {
    vi.useFakeTimers({ now: at('2026-11-23T02:00:00') });
    const reload = vi.fn();
    const hour = ref<number | null>(3);
    const C = defineComponent({
      setup() {
        useQuietHourReload(hour, ref(TZ), reload);
        return () => h('div');
      },
    });
    const w = mount(C);
    vi.advanceTimersByTime(59 * 60_000);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(reload).toHaveBeenCalledTimes(1);
    hour.value = null;
    return Promise.resolve().then(() => {
      vi.advanceTimersByTime(48 * 3_600_000);
      expect(reload).toHaveBeenCalledTimes(1);
      hour.value = 5;
      return Promise.resolve().then(() => {
        w.unmount();
        vi.advanceTimersByTime(48 * 3_600_000);
        expect(reload).toHaveBeenCalledTimes(1);
      });
    });
  });
});
