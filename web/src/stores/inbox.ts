import { OPEN_ALERT_STATUSES, type Alert, type AlertPage } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, query } from '../api/client';
import { useOrgStore } from './org';

export interface InboxFilter {
  /** Comma-separated statuses; the open ones by default. */
  status: string;
  severity: string;
  unitCode: string;
  badgeNo: string;
}

export const OPEN_STATUSES = OPEN_ALERT_STATUSES.join(',');

/** The problem inbox: a page from the API, kept current by the live feed. */
export const useInboxStore = defineStore('inbox', () => {
  const items = ref<Alert[]>([]);
  const nextCursor = ref<string | null>(null);
  const filter = ref<InboxFilter>({ status: OPEN_STATUSES, severity: '', unitCode: '', badgeNo: '' });
  const loading = ref(false);

  const params = (cursor?: string) => query({ ...filter.value, cursor });

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const page = await api<AlertPage>('GET', `/api/alerts${params()}`);
      items.value = page.items;
      nextCursor.value = page.nextCursor;
    } finally {
      loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    const page = await api<AlertPage>('GET', `/api/alerts${params(nextCursor.value)}`);
    const known = new Set(items.value.map((a) => a.id));
    items.value = [...items.value, ...page.items.filter((a) => !known.has(a.id))];
    nextCursor.value = page.nextCursor;
  }

  function matches(a: Alert): boolean {
    const f = filter.value;
    return (
      (!f.status || f.status.split(',').includes(a.status)) &&
      (!f.severity || a.severity === f.severity) &&
      (!f.badgeNo || a.badgeNos.includes(f.badgeNo)) &&
      (!f.unitCode ||
        useOrgStore().isWithin(a.unitCode, f.unitCode) ||
        (a.escalatedTo !== null && a.escalatedTo === f.unitCode))
    );
  }

  /**
   * A newer version of a problem (the live store already dropped older ones): replaced in
   * place, dropped when it no longer matches the filter, or added in date order when new —
   * unless it is older than the loaded page, where "load more" will bring it.
   */
  function apply(alert: Alert): void {
    const i = items.value.findIndex((a) => a.id === alert.id);
    if (i >= 0) {
      if (alert.version < items.value[i].version) return;
      if (matches(alert)) items.value.splice(i, 1, alert);
      else items.value.splice(i, 1);
      return;
    }
    if (!matches(alert)) return;
    const last = items.value.at(-1);
    if (nextCursor.value && last && alert.detectedAt < last.detectedAt) return;
    const at = items.value.findIndex(
      (a) => a.detectedAt < alert.detectedAt || (a.detectedAt === alert.detectedAt && a.id < alert.id),
    );
    if (at < 0) items.value.push(alert);
    else items.value.splice(at, 0, alert);
  }

  /** One click: acknowledge at the version on screen (409 names whoever was first). */
  async function acknowledge(alert: Alert): Promise<void> {
    apply(await api<Alert>('POST', `/api/alerts/${alert.id}/ack`, { version: alert.version }));
  }

  return { items, nextCursor, filter, loading, load, loadMore, apply, acknowledge };
});
