import type { Alert, AlertCounts, LeaderboardRow, ScoreChange } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConnectionState, LiveHandlers } from '../realtime/live-feed';

const TICKER_SIZE = 30;
const ALERTS_SIZE = 40;

export type Panel = 'officers' | 'units' | 'ticker' | 'alerts';

/**
 * What the wall shows, fed only by the live feed. Every list is bounded, so memory stays
 * flat however long the wall runs.
 */
export const useWallStore = defineStore('wall', () => {
  const officers = ref<LeaderboardRow[]>([]);
  const units = ref<LeaderboardRow[]>([]);
  const ticker = ref<(ScoreChange & { key: string })[]>([]);
  const alerts = ref<Alert[]>([]);
  const counts = ref<AlertCounts>({ open: 0, acknowledged: 0, overdue: 0, today: { raised: 0, cleared: 0 } });
  const period = ref('');
  const updatedAt = ref<Record<Panel, number | null>>({
    officers: null,
    units: null,
    ticker: null,
    alerts: null,
  });
  const state = ref<ConnectionState>('connecting');
  const stateDetail = ref('');
  const lastDataAt = ref<number | null>(null);
  let tickerSerial = 0;

  const touch = (...panels: Panel[]) => {
    const now = Date.now();
    for (const p of panels) updatedAt.value[p] = now;
    lastDataAt.value = now;
  };

  function upsertAlert(alert: Alert): void {
    const rest = alerts.value.filter((a) => a.id !== alert.id);
    const open = !['closed', 'dismissed'].includes(alert.status);
    alerts.value = (open ? [alert, ...rest] : rest).slice(0, ALERTS_SIZE);
  }

  const handlers: LiveHandlers = {
    snapshot(m) {
      officers.value = m.officers;
      units.value = m.units;
      alerts.value = m.alerts.slice(0, ALERTS_SIZE);
      counts.value = m.counts;
      period.value = m.period;
      touch('officers', 'units', 'alerts');
    },
    scoreChanged(m) {
      const items = m.changes.slice(-TICKER_SIZE).map((c) => ({ ...c, key: `${++tickerSerial}` }));
      ticker.value = [...items.reverse(), ...ticker.value].slice(0, TICKER_SIZE);
      // Totals are absolute, so applying them is idempotent: rows update before the next leaderboard arrives.
      const totals = new Map(
        m.changes.filter((c) => c.period === period.value).map((c) => [c.badgeNo, c.total]),
      );
      if (totals.size)
        officers.value = officers.value.map((r) =>
          r.badgeNo && totals.has(r.badgeNo) ? { ...r, total: totals.get(r.badgeNo)! } : r,
        );
      touch('ticker');
    },
    leaderboard(m) {
      if (m.by === 'officer') {
        officers.value = m.rows;
        touch('officers');
      } else {
        units.value = m.rows;
        touch('units');
      }
      period.value = m.period;
    },
    alert(m) {
      upsertAlert(m.alert);
      counts.value = m.counts;
      touch('alerts');
    },
    state(s, detail) {
      state.value = s;
      stateDetail.value = detail ?? '';
    },
  };

  return {
    officers,
    units,
    ticker,
    alerts,
    counts,
    period,
    updatedAt,
    state,
    stateDetail,
    lastDataAt,
    handlers,
  };
});
