import type { InboxItem, LocalText, NotificationTrigger } from '@jifen/shared';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { useNotificationsStore } from '../stores/notifications';

/** Message key of a trigger: vue-i18n reads dots as nesting. */
export const triggerKey = (t: NotificationTrigger) => `notify.triggers.${t.replace('.', '_')}`;

/** What the bell and the notifications page do with an item: its words in the reader's language, opening it. */
export function useNotificationItem() {
  const { locale } = useI18n();
  const router = useRouter();
  const store = useNotificationsStore();
  const text = (l: LocalText) => (locale.value.startsWith('zh') ? l.zh : l.en);
  /** Opening reads it; console links stay in the app, others (a publication page) load anew. */
  async function open(item: InboxItem): Promise<void> {
    await store.markRead(item.id).catch(() => undefined);
    if (!item.link) return;
    if (item.link.startsWith('/console')) await router.push(item.link);
    else window.location.assign(item.link);
  }
  return { text, open };
}
