import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useConsoleLiveStore } from '../stores/console-live';
import { currentPeriod } from './periods';

/** The period a page shows, kept in the URL's `period` (default: this month in the bureau). */
export function useRoutePeriod() {
  const route = useRoute();
  const router = useRouter();
  const live = useConsoleLiveStore();
  return computed({
    get: () =>
      typeof route.query.period === 'string'
        ? route.query.period
        : currentPeriod('month', Date.now(), live.timeZone),
    set: (p: string) => void router.replace({ query: { ...route.query, period: p } }),
  });
}
