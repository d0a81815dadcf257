import {
  WALL_LAYOUTS,
  WALL_PANELS,
  type WallConfig,
  type WallLayout,
  type WallPanelSet,
  type WallSettings,
} from '@jifen/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';

const clone = (c: WallConfig): WallConfig => JSON.parse(JSON.stringify(c));

/**
 * The walls (display tokens) an administrator or supervisor configures, and the draft of
 * the one being edited. Saving names the version that was read, so two people editing one
 * wall cannot overwrite each other unknowingly.
 */
export const useWallConfigsStore = defineStore('wall-configs', () => {
  const walls = ref<WallSettings[]>([]);
  const selectedId = ref<string | null>(null);
  const draft = ref<WallConfig | null>(null);
  const selected = computed(() => walls.value.find((w) => w.tokenId === selectedId.value) ?? null);
  const dirty = computed(
    () =>
      !!selected.value &&
      !!draft.value &&
      JSON.stringify(selected.value.config) !== JSON.stringify(draft.value),
  );

  async function load(): Promise<void> {
    walls.value = await api<WallSettings[]>('GET', '/api/walls');
    if (selectedId.value && !selected.value) selectedId.value = null;
    select(selectedId.value ?? walls.value.find((w) => !w.revoked)?.tokenId ?? null);
  }

  function select(tokenId: string | null): void {
    selectedId.value = tokenId;
    draft.value = selected.value ? clone(selected.value.config) : null;
  }

  /** A layout change keeps the panels that still fit and fills new slots with unused ones. */
  function setLayout(set: WallPanelSet, layout: WallLayout): void {
    const slots = WALL_LAYOUTS[layout];
    const kept = set.panels.slice(0, slots);
    const spare = WALL_PANELS.filter((p) => !kept.includes(p));
    set.layout = layout;
    set.panels = [...kept, ...spare.slice(0, slots - kept.length)];
  }

  function addSet(): void {
    draft.value?.panelSets.push({
      layout: 'quad',
      panels: ['trends', 'rates', 'notice', 'publication'],
      seconds: 30,
    });
  }

  function removeSet(i: number): void {
    if (draft.value && draft.value.panelSets.length > 1) draft.value.panelSets.splice(i, 1);
  }

  async function save(): Promise<void> {
    if (!selected.value || !draft.value) return;
    const saved = await api<WallSettings>('PUT', `/api/walls/${selected.value.tokenId}`, {
      config: draft.value,
      version: selected.value.version,
    });
    walls.value = walls.value.map((w) => (w.tokenId === saved.tokenId ? saved : w));
    select(saved.tokenId);
  }

  return { walls, selectedId, selected, draft, dirty, load, select, setLayout, addSet, removeSet, save };
});
