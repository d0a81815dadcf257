import type {
  CatalogueVersion,
  PublishRulesAnswer,
  RuleCatalogue,
  RulePreviewAnswer,
  RulePreviewRow,
} from '@jifen/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../../api/client';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The rows of a preview that change, biggest moves first. */
export function movers(rows: RulePreviewRow[]): RulePreviewRow[] {
  return rows
    .filter((r) => r.rankChange !== 0 || r.totalChange !== 0)
    .sort(
      (a, b) =>
        Math.abs(b.rankChange) - Math.abs(a.rankChange) ||
        Math.abs(b.totalChange) - Math.abs(a.totalChange) ||
        a.draft.rank - b.draft.rank,
    );
}

/**
 * The rule catalogue editor: a draft copied from the active version, a preview of what it
 * would do to a period's ranking, and saving it as a new version.
 */
export const useRulesStore = defineStore('rules', () => {
  const active = ref<{ version: number; catalogue: RuleCatalogue } | null>(null);
  const draft = ref<RuleCatalogue | null>(null);
  const versions = ref<Omit<CatalogueVersion, 'catalogue'>[]>([]);
  const preview = ref<RulePreviewAnswer | null>(null);
  const dirty = computed(
    () =>
      !!active.value &&
      !!draft.value &&
      JSON.stringify(active.value.catalogue) !== JSON.stringify(draft.value),
  );

  async function load(): Promise<void> {
    const [a, v] = await Promise.all([
      api<{ version: number; catalogue: RuleCatalogue }>('GET', '/api/rules'),
      api<Omit<CatalogueVersion, 'catalogue'>[]>('GET', '/api/rules/versions'),
    ]);
    active.value = a;
    versions.value = v;
    draft.value = clone(a.catalogue);
    preview.value = null;
  }

  function discard(): void {
    if (active.value) draft.value = clone(active.value.catalogue);
    preview.value = null;
  }

  async function runPreview(period: string): Promise<RulePreviewAnswer> {
    preview.value = await api<RulePreviewAnswer>('POST', '/api/rules/preview', {
      catalogue: draft.value,
      period,
    });
    return preview.value;
  }

  async function save(note: string, rescore: boolean): Promise<PublishRulesAnswer> {
    const saved = await api<PublishRulesAnswer>('PUT', '/api/rules', {
      catalogue: draft.value,
      note,
      rescore,
    });
    await load();
    return saved;
  }

  return { active, draft, versions, preview, dirty, load, discard, runPreview, save };
});
