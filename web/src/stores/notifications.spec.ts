import type { InboxItem, InboxPage } from '@jifen/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeSocket } from '../realtime/fake-socket';
import { LiveFeed } from '../realtime/live-feed';
import { fakeApi } from '../test/fake-api';
import { useWebhooksStore } from './admin/webhooks';
import { useConsoleLiveStore } from './console-live';
import { useNotificationPreferencesStore } from './notification-preferences';
import { useNotificationsStore } from './notifications';

function item(id: string, over: Partial<InboxItem> = {}): InboxItem {
  return {
    id,
    causeId: `problem.raised-p${id}`,
    trigger: 'problem.raised',
    title: { zh: `执法问题 ${id}`, en: `Problem ${id}` },
    body: { zh: '内容', en: 'body' },
    link: `/console/problems/p${id}`,
    createdAt: '2026-11-23T02:00:00.000Z',
    readAt: null,
    ...over,
  };
}
const page = (items: InboxItem[], unread: number, nextCursor: string | null = null): InboxPage => ({
  items,
  unread,
  nextCursor,
});

describe('notifications store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('loads the inbox with its unread count, the unread ones only when asked, and pages on', async () => {
    const api = fakeApi({
      'GET /api/notifications?unread=true': page([item('3')], 1),
      'GET /api/notifications?cursor=2': page([item('1', { readAt: '2026-11-23T03:00:00.000Z' })], 2),
      'GET /api/notifications': page([item('3'), item('2')], 2, '2'),
    });
    const s = useNotificationsStore();
    await s.load();
    expect(s.items.map((i) => i.id)).toEqual(['3', '2']);
    expect(s.unread).toBe(2);
    await s.loadMore();
    expect(s.items.map((i) => i.id)).toEqual(['3', '2', '1']);
    expect(s.nextCursor).toBeNull();
    s.onlyUnread = true;
    await s.load();
    expect(s.items.map((i) => i.id)).toEqual(['3']);
    expect(api.calls.map((c) => c.path)).toEqual([
      '/api/notifications',
      '/api/notifications?cursor=2',
      '/api/notifications?unread=true',
    ]);
  });

  it('takes a live push once, newest first, with the server’s count; before the list is loaded only the count', () => {
    const s = useNotificationsStore();
    s.received({ notification: item('9'), unread: 4 });
    expect(s.unread).toBe(4);
    expect(s.items).toEqual([]);
    s.items = [item('8')];
    s.loaded = true;
    s.received({ notification: item('9'), unread: 5 });
    s.received({ notification: item('9'), unread: 5 });
    expect(s.items.map((i) => i.id)).toEqual(['9', '8']);
    expect(s.unread).toBe(5);
  });

  it('marks one read (once) and all read, counting down', async () => {
    const read = item('2', { readAt: '2026-11-23T04:00:00.000Z' });
    const api = fakeApi({
      'POST /api/notifications/2/read': read,
      'POST /api/notifications/read-all': { unread: 0 },
    });
    const s = useNotificationsStore();
    s.items = [item('3'), item('2')];
    s.unread = 2;
    await s.markRead('2');
    await s.markRead('2');
    expect(s.items[1].readAt).toBe(read.readAt);
    expect(s.unread).toBe(1);
    await s.markAllRead();
    expect(s.unread).toBe(0);
    expect(s.items.every((i) => i.readAt)).toBe(true);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/notifications/2/read',
      'POST /api/notifications/read-all',
    ]);
  });

  it('the live feed raises the bell count, and a reconnection reads the count again', async () => {
    const api = fakeApi({ 'GET /api/notifications/unread-count': { unread: 7 } });
    const sock = new FakeSocket();
    const live = useConsoleLiveStore();
    new LiveFeed('jfu_t', live.handlers, sock.factory());
    sock.serverSends('notification', { notification: item('1'), unread: 3 });
    expect(useNotificationsStore().unread).toBe(3);
    sock.serverSends('connect');
    await new Promise((r) => setTimeout(r, 0));
    expect(api.calls.map((c) => c.path)).toEqual(['/api/notifications/unread-count']);
    expect(useNotificationsStore().unread).toBe(7);
  });
});

describe('notification preferences store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('saves the choices with a blank address as none', async () => {
    const channels = { 'problem.raised': { in_app: true, email: false } } as never;
    const prefs = { email: null, locale: 'en', emailAvailable: true, channels };
    const api = fakeApi({ 'PUT /api/notifications/preferences': prefs });
    const s = useNotificationPreferencesStore();
    await s.save({ email: '  ', locale: 'en', channels });
    expect(api.calls[0].body).toEqual({ email: null, locale: 'en', channels });
    expect(s.prefs).toEqual(prefs);
  });
});

describe('webhooks store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  const endpoint = {
    id: 'w1',
    label: 'hub',
    url: 'https://hub.example/in',
    triggers: ['problem.raised' as const],
    unitCode: null,
    enabled: true,
    createdAt: '2026-11-23T02:00:00.000Z',
    createdBy: 'admin',
  };

  it('shows a new or rotated secret once and never keeps it in the list', async () => {
    fakeApi({
      'POST /api/webhooks': { ...endpoint, secret: 'whsec_one' },
      'PATCH /api/webhooks/w1': { ...endpoint, secret: 'whsec_two' },
    });
    const s = useWebhooksStore();
    await s.create({ label: 'hub', url: endpoint.url, triggers: ['problem.raised'], enabled: true });
    expect(s.revealed?.secret).toBe('whsec_one');
    expect(s.endpoints).toEqual([endpoint]);
    await s.rotate('w1');
    expect(s.revealed?.secret).toBe('whsec_two');
    expect(JSON.stringify(s.endpoints)).not.toContain('whsec');
    s.forgetSecret();
    expect(s.revealed).toBeNull();
  });

  it('reads an endpoint’s delivery log page by page', async () => {
    const d = (id: string) => ({ id, causeId: 'c', trigger: 'problem.raised', attempts: [] });
    const api = fakeApi({
      'GET /api/webhooks/w1/deliveries?cursor=5': { items: [d('b')], nextCursor: null },
      'GET /api/webhooks/w1/deliveries': { items: [d('a')], nextCursor: '5' },
    });
    const s = useWebhooksStore();
    await s.showDeliveries('w1');
    await s.moreDeliveries();
    expect(s.deliveries.map((x) => x.id)).toEqual(['a', 'b']);
    expect(api.calls).toHaveLength(2);
  });
});
