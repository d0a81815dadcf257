import type { Appeal } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';

/** Appeals waiting for a supervisor's decision. */
export const useAppealsStore = defineStore('appeals', () => {
  const pending = ref<Appeal[]>([]);

  async function load(): Promise<void> {
    pending.value = await api<Appeal[]>('GET', '/api/appeals?status=pending');
  }

  async function decide(id: string, upheld: boolean, note: string): Promise<void> {
    await api('POST', `/api/appeals/${id}/decide`, { upheld, note });
    pending.value = pending.value.filter((a) => a.id !== id);
  }

  return { pending, load, decide };
});
