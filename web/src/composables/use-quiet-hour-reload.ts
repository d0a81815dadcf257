import { endOfDay } from '@jifen/shared';
import { onBeforeUnmount, watch, type Ref } from 'vue';

const HOUR = 3_600_000;
/** A reload due within this margin is taken as just done: a reloaded wall never reloads again at once. */
const MARGIN = 60_000;

/** The next `hour`:00 in the bureau's zone after `now` (and after the margin). */
export function nextReloadAt(now: number, hour: number, timeZone: string): number {
  const todayStart = endOfDay(now - 86_400_000, timeZone);
  const today = todayStart + hour * HOUR;
  return today > now + MARGIN ? today : endOfDay(now, timeZone) + hour * HOUR;
}

/**
 * Reloads the page once a day at the configured quiet hour (bureau time): a fresh page
 * every day is the last defence against anything that grows in a browser running for
 * weeks. Rescheduled when the configuration changes; cleared with the component.
 */
export function useQuietHourReload(
  hour: Ref<number | null>,
  timeZone: Ref<string>,
  reload: () => void = () => location.reload(),
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (hour.value === null) return;
    const now = Date.now();
    timer = setTimeout(reload, nextReloadAt(now, hour.value, timeZone.value) - now);
  };
  watch([hour, timeZone], schedule, { immediate: true });
  onBeforeUnmount(() => clearTimeout(timer));
}
