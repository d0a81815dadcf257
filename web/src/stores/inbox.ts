import type { Alert, AlertPage, Appeal } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';

export interface InboxFilter {
  status: string;
  severity: string;
  unitCode: string;
  badgeNo?: string;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  officers: string[];
  data: Record<string, unknown>;
}

export interface ObligationView {
  id: string;
  ruleId: string;
  title: { zh: string; en: string };
  openedAt: string;
  dueAt: string;
  warnAt: string;
  status: 'open' | 'fulfilled' | 'late' | 'violated';
  fulfilledAt: string | null;
  personRef: string | null;
  itemRef: string | null;
}

export type AlertDetail = Alert & { timeline: TimelineEntry[]; obligations: ObligationView[] };

/** The console's problem inbox: a page from the API, kept current by the live feed. */
export const useInboxStore = defineStore('inbox', () => {
  const items = ref<Alert[]>([]);
  const nextCursor = ref<string | null>(null);
  const filter = ref<InboxFilter>({
    status: 'open,acknowledged,rectifying,rectified',
    severity: '',
    unitCode: '',
  });
  const appeals = ref<Appeal[]>([]);

  function query(cursor?: string): string {
    const q = new URLSearchParams();
    const f = filter.value;
    if (f.status) q.set('status', f.status);
    if (f.severity) q.set('severity', f.severity);
    if (f.unitCode) q.set('unitCode', f.unitCode);
    if (f.badgeNo) q.set('badgeNo', f.badgeNo);
    if (cursor) q.set('cursor', cursor);
    return q.toString();
  }

  async function load(): Promise<void> {
    const page = await api<AlertPage>('GET', `/api/alerts?${query()}`);
    items.value = page.items;
    nextCursor.value = page.nextCursor;
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    const page = await api<AlertPage>('GET', `/api/alerts?${query(nextCursor.value)}`);
    items.value = [...items.value, ...page.items];
    nextCursor.value = page.nextCursor;
  }

  function matches(a: Alert): boolean {
    const f = filter.value;
    return (
      (!f.status || f.status.split(',').includes(a.status)) &&
      (!f.severity || a.severity === f.severity) &&
      (!f.badgeNo || a.badgeNos.includes(f.badgeNo))
    );
  }

  /** A live alert: replace in place, add on top when new and matching, drop when it no longer matches. */
  function apply(alert: Alert): void {
    const i = items.value.findIndex((a) => a.id === alert.id);
    if (i >= 0) {
      if (alert.version < items.value[i].version) return;
      if (matches(alert)) items.value.splice(i, 1, alert);
      else items.value.splice(i, 1);
    } else if (matches(alert)) items.value.unshift(alert);
  }

  async function act(id: string, action: string, body: unknown = {}): Promise<Alert> {
    const alert = await api<Alert>('POST', `/api/alerts/${id}/${action}`, body);
    apply(alert);
    return alert;
  }

  async function loadAppeals(): Promise<void> {
    appeals.value = await api<Appeal[]>('GET', '/api/appeals?status=pending');
  }

  async function decide(id: string, upheld: boolean, note: string): Promise<void> {
    await api('POST', `/api/appeals/${id}/decide`, { upheld, note });
    await loadAppeals();
  }

  return { items, nextCursor, filter, appeals, load, loadMore, apply, act, loadAppeals, decide };
});

export function fetchDetail(id: string): Promise<AlertDetail> {
  return api<AlertDetail>('GET', `/api/alerts/${id}`);
}
