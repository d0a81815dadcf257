import type { Leaderboard, LeaderboardRow } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, query } from '../api/client';

export interface LeaderboardQuery {
  period: string;
  by: 'officer' | 'unit';
  unitCode: string;
}

/** Rankings for a month, quarter or year and a unit subtree; refreshed when the live feed says so. */
export const useLeaderboardStore = defineStore('leaderboard', () => {
  const rows = ref<LeaderboardRow[]>([]);
  const shown = ref<LeaderboardQuery | null>(null);
  const stale = ref(false);

  async function load(q: LeaderboardQuery): Promise<void> {
    const board = await api<Leaderboard>(
      'GET',
      `/api/leaderboard${query({ period: q.period, by: q.by, unitCode: q.unitCode, limit: 500 })}`,
    );
    rows.value = board.rows;
    shown.value = { ...q };
    stale.value = false;
  }

  function markStale(): void {
    if (shown.value) stale.value = true;
  }

  return { rows, shown, stale, load, markStale };
});
