import {
  OPEN_ALERT_STATUSES,
  type AdjustmentBody,
  type Alert,
  type AlertPage,
  type OfficerScore,
} from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, query } from '../api/client';

/** One officer's score for a period — breakdown by dimension, every ledger row — and open problems. */
export const useOfficerScoreStore = defineStore('officer-score', () => {
  const score = ref<OfficerScore | null>(null);
  const problems = ref<Alert[]>([]);
  const stale = ref(false);

  async function load(badgeNo: string, period?: string): Promise<void> {
    if (score.value && score.value.badgeNo !== badgeNo) {
      score.value = null;
      problems.value = [];
    }
    const [s, page] = await Promise.all([
      api<OfficerScore>('GET', `/api/officers/${encodeURIComponent(badgeNo)}/score${query({ period })}`),
      api<AlertPage>(
        'GET',
        `/api/alerts${query({ badgeNo, status: OPEN_ALERT_STATUSES.join(','), limit: 100 })}`,
      ),
    ]);
    score.value = s;
    problems.value = page.items;
    stale.value = false;
  }

  /** 人工调整: a supervisor's bonus or deduction with a written reason; the score is read again. */
  async function adjust(body: AdjustmentBody): Promise<void> {
    await api('POST', '/api/adjustments', body);
    await load(body.badgeNo, score.value?.period);
  }

  /** Live score changes: the page offers a refresh when they concern the officer on screen. */
  function changed(badgeNos: string[]): void {
    if (score.value && badgeNos.includes(score.value.badgeNo)) stale.value = true;
  }

  function markStale(): void {
    if (score.value) stale.value = true;
  }

  return { score, problems, stale, load, adjust, changed, markStale };
});
