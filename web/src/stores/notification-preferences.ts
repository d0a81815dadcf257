import type {
  NotificationLocale,
  NotificationPreferences,
  NotificationTrigger,
  PreferencesBody,
  UserChannel,
} from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';

/** Where the person wants each trigger: the inbox, e-mail, both or neither; and the address. */
export const useNotificationPreferencesStore = defineStore('notification-preferences', () => {
  const prefs = ref<NotificationPreferences | null>(null);

  async function load(): Promise<void> {
    prefs.value = await api<NotificationPreferences>('GET', '/api/notifications/preferences');
  }

  async function save(draft: {
    email: string;
    locale: NotificationLocale;
    channels: Record<NotificationTrigger, Record<UserChannel, boolean>>;
  }): Promise<void> {
    const body: PreferencesBody = {
      email: draft.email.trim() || null,
      locale: draft.locale,
      channels: draft.channels,
    };
    prefs.value = await api<NotificationPreferences>('PUT', '/api/notifications/preferences', body);
  }

  return { prefs, load, save };
});
