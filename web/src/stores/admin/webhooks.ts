import type {
  CreateWebhookBody,
  DeliveryPage,
  DeliveryView,
  WebhookEndpointView,
  WebhookWithSecret,
} from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../../api/client';

const view = (w: WebhookEndpointView | WebhookWithSecret): WebhookEndpointView => {
  const { secret: _secret, ...rest } = w as WebhookWithSecret;
  return rest;
};

/**
 * The bureau's webhook endpoints and what was delivered to each. A signing secret is shown
 * once, when it is made (created or rotated), and kept only until the page is left.
 */
export const useWebhooksStore = defineStore('webhooks', () => {
  const endpoints = ref<WebhookEndpointView[]>([]);
  const revealed = ref<WebhookWithSecret | null>(null);
  const selected = ref<string | null>(null);
  const deliveries = ref<DeliveryView[]>([]);
  const nextCursor = ref<string | null>(null);

  async function load(): Promise<void> {
    endpoints.value = await api<WebhookEndpointView[]>('GET', '/api/webhooks');
  }

  async function create(body: CreateWebhookBody): Promise<void> {
    const w = await api<WebhookWithSecret>('POST', '/api/webhooks', body);
    revealed.value = w;
    endpoints.value = [...endpoints.value, view(w)];
  }

  function replace(w: WebhookEndpointView): void {
    endpoints.value = endpoints.value.map((x) => (x.id === w.id ? w : x));
  }

  async function setEnabled(id: string, enabled: boolean): Promise<void> {
    replace(await api<WebhookEndpointView>('PATCH', `/api/webhooks/${id}`, { enabled }));
  }

  async function rotate(id: string): Promise<void> {
    const w = await api<WebhookWithSecret>('PATCH', `/api/webhooks/${id}`, { rotateSecret: true });
    revealed.value = w;
    replace(view(w));
  }

  async function remove(id: string): Promise<void> {
    await api<WebhookEndpointView>('DELETE', `/api/webhooks/${id}`);
    endpoints.value = endpoints.value.filter((x) => x.id !== id);
    if (selected.value === id) selected.value = null;
    if (revealed.value?.id === id) revealed.value = null;
  }

  async function showDeliveries(id: string): Promise<void> {
    const page = await api<DeliveryPage>('GET', `/api/webhooks/${id}/deliveries`);
    selected.value = id;
    deliveries.value = page.items;
    nextCursor.value = page.nextCursor;
  }

  async function moreDeliveries(): Promise<void> {
    if (!selected.value || !nextCursor.value) return;
    const page = await api<DeliveryPage>(
      'GET',
      `/api/webhooks/${selected.value}/deliveries?cursor=${nextCursor.value}`,
    );
    deliveries.value = [...deliveries.value, ...page.items];
    nextCursor.value = page.nextCursor;
  }

  function forgetSecret(): void {
    revealed.value = null;
  }

  return {
    endpoints,
    revealed,
    selected,
    deliveries,
    nextCursor,
    load,
    create,
    setEnabled,
    rotate,
    remove,
    showDeliveries,
    moreDeliveries,
    forgetSecret,
  };
});
