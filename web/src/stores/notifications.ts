import type { InboxItem, InboxPage, NotificationMessage, UnreadCount } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, query } from '../api/client';

/**
 * The person's own notifications: the unread count behind the bell, kept current by the live
 * `notification` message, and the inbox page by page. The server's inbox is the record: after
 * a reconnection the count is read again, since pushes missed meanwhile are not replayed.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<InboxItem[]>([]);
  const nextCursor = ref<string | null>(null);
  const unread = ref(0);
  const onlyUnread = ref(false);
  const loaded = ref(false);

  const params = (cursor?: string) => query({ unread: onlyUnread.value ? 'true' : undefined, cursor });

  async function load(): Promise<void> {
    const page = await api<InboxPage>('GET', `/api/notifications${params()}`);
    items.value = page.items;
    nextCursor.value = page.nextCursor;
    unread.value = page.unread;
    loaded.value = true;
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    const page = await api<InboxPage>('GET', `/api/notifications${params(nextCursor.value)}`);
    const known = new Set(items.value.map((i) => i.id));
    items.value = [...items.value, ...page.items.filter((i) => !known.has(i.id))];
    nextCursor.value = page.nextCursor;
    unread.value = page.unread;
  }

  async function refreshUnread(): Promise<void> {
    unread.value = (await api<UnreadCount>('GET', '/api/notifications/unread-count')).unread;
  }

  /** A live push: newest first, once, with the server's count. */
  function received(m: NotificationMessage): void {
    unread.value = m.unread;
    if (!loaded.value || items.value.some((i) => i.id === m.notification.id)) return;
    items.value = [m.notification, ...items.value];
  }

  async function markRead(id: string): Promise<void> {
    const item = items.value.find((i) => i.id === id);
    if (item?.readAt) return;
    const read = await api<InboxItem>('POST', `/api/notifications/${id}/read`);
    items.value = onlyUnread.value
      ? items.value.filter((i) => i.id !== id)
      : items.value.map((i) => (i.id === id ? read : i));
    unread.value = Math.max(0, unread.value - 1);
  }

  async function markAllRead(): Promise<void> {
    await api<{ unread: number }>('POST', '/api/notifications/read-all');
    const now = new Date().toISOString();
    items.value = onlyUnread.value ? [] : items.value.map((i) => ({ ...i, readAt: i.readAt ?? now }));
    unread.value = 0;
  }

  function reset(): void {
    items.value = [];
    nextCursor.value = null;
    unread.value = 0;
    loaded.value = false;
  }

  return {
    items,
    nextCursor,
    unread,
    onlyUnread,
    loaded,
    load,
    loadMore,
    refreshUnread,
    received,
    markRead,
    markAllRead,
    reset,
  };
});
