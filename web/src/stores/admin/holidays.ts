import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, query } from '../../api/client';

/** One year of the holiday calendar, edited locally and saved whole. */
export const useHolidaysStore = defineStore('holidays', () => {
  const year = ref(new Date().getFullYear());
  const saved = ref<string[]>([]);
  const draft = ref<string[]>([]);
  const dirty = computed(() => saved.value.join() !== draft.value.join());

  async function load(y: number): Promise<void> {
    year.value = y;
    saved.value = await api<string[]>('GET', `/api/holidays${query({ year: y })}`);
    draft.value = [...saved.value];
  }

  /** Adds a date (YYYY-MM-DD) once, in order; the server checks it belongs to the year. */
  function add(date: string): void {
    if (!date || draft.value.includes(date)) return;
    draft.value = [...draft.value, date].sort();
  }

  function remove(date: string): void {
    draft.value = draft.value.filter((d) => d !== date);
  }

  async function save(): Promise<void> {
    saved.value = await api<string[]>('PUT', '/api/holidays', { year: year.value, dates: draft.value });
    draft.value = [...saved.value];
  }

  return { year, saved, draft, dirty, load, add, remove, save };
});
