import type { RuleCatalogue } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';

type Title = { zh: string; en: string };

/**
 * Rule titles by id from the active catalogue, for rows whose title the server has not
 * filled in (it sends the id then), so no page shows `BONUS_FAST_AV_LINK`.
 */
export const useCatalogueStore = defineStore('catalogue', () => {
  const titles = ref<Record<string, Title>>({});
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= api<{ catalogue: RuleCatalogue }>('GET', '/api/rules').then(({ catalogue }) => {
      const all = [...catalogue.scoring, ...catalogue.obligations, ...catalogue.problems];
      titles.value = Object.fromEntries(all.map((r) => [r.id, r.title]));
    });
    loading.catch(() => (loading = null));
    return loading;
  }

  /** The rule's title, unless the given one is a real title already. */
  function titleOf(ruleId: string, given?: Title): Title | null {
    if (given && given.zh !== ruleId) return given;
    return titles.value[ruleId] ?? null;
  }

  return { titles, load, titleOf };
});
