import type { OfficerInfo, UnitNode } from '@jifen/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';

export interface UnitOption {
  code: string;
  name: string;
  depth: number;
}

/** The unit tree and the officers in the caller's scope: names for every code on screen. */
export const useOrgStore = defineStore('org', () => {
  const tree = ref<UnitNode[]>([]);
  const officers = ref<OfficerInfo[]>([]);
  const loaded = ref(false);
  let loading: Promise<void> | null = null;

  /** The tree flattened in display order, each unit with its depth for indentation. */
  const units = computed<UnitOption[]>(() => {
    const out: UnitOption[] = [];
    const walk = (nodes: UnitNode[], depth: number) => {
      for (const n of nodes) {
        out.push({ code: n.code, name: n.name, depth });
        walk(n.children, depth + 1);
      }
    };
    walk(tree.value, 0);
    return out;
  });
  const unitByCode = computed(() => new Map(units.value.map((u) => [u.code, u])));
  const officerByBadge = computed(() => new Map(officers.value.map((o) => [o.badgeNo, o])));

  function load(force = false): Promise<void> {
    if (loading && !force) return loading;
    loading = (async () => {
      const [t, o] = await Promise.all([
        api<UnitNode[]>('GET', '/api/units'),
        api<OfficerInfo[]>('GET', '/api/officers'),
      ]);
      tree.value = t;
      officers.value = o;
      loaded.value = true;
    })();
    loading.catch(() => (loading = null));
    return loading;
  }

  const unitName = (code: string | null | undefined) =>
    code ? (unitByCode.value.get(code)?.name ?? code) : '';
  const officerName = (badgeNo: string) => officerByBadge.value.get(badgeNo)?.name ?? '';
  /** The codes of a unit and of every unit below it. */
  function subtree(code: string): Set<string> {
    const below = new Set<string>();
    const mark = (nodes: UnitNode[], inside: boolean) => {
      for (const n of nodes) {
        const here = inside || n.code === code;
        if (here) below.add(n.code);
        mark(n.children, here);
      }
    };
    mark(tree.value, false);
    return below;
  }
  const isWithin = (unitCode: string, scope: string | null) => !scope || subtree(scope).has(unitCode);
  /** Officers of a unit and every unit below it. */
  function officersWithin(code: string | null): OfficerInfo[] {
    if (!code) return officers.value;
    const below = subtree(code);
    return officers.value.filter((o) => below.has(o.unitCode));
  }

  return { tree, officers, loaded, units, load, unitName, officerName, isWithin, officersWithin };
});
