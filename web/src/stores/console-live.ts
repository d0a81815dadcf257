import type { Alert, AlertCounts, HelloMessage } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConnectionState, LiveHandlers } from '../realtime/live-feed';
import { useInboxStore } from './inbox';
import { useLeaderboardStore } from './leaderboard';
import { useNotificationsStore } from './notifications';
import { useOfficerScoreStore } from './officer-score';
import { useProblemStore } from './problem';

/** How many problems' versions the console remembers; the oldest are forgotten first. */
const TRACKED = 5000;

/**
 * The console's side of the live feed. Problems can reach it out of version order (two
 * transactions publish one problem's updates), twice (a replay after a reconnect), or in a
 * snapshot after a long disconnection; per problem only the highest version seen is passed
 * on to the inbox and the open problem page.
 */
export const useConsoleLiveStore = defineStore('console-live', () => {
  const state = ref<ConnectionState>('connecting');
  const detail = ref('');
  const timeZone = ref('Asia/Shanghai');
  const counts = ref<AlertCounts | null>(null);
  /** How often the server said "too far behind" and the console started over. */
  const resyncs = ref(0);
  const versions = new Map<string, number>();

  /** True when this is the newest version of the problem seen so far. */
  function accept(alert: Alert): boolean {
    const seen = versions.get(alert.id);
    if (seen !== undefined && alert.version <= seen) return false;
    versions.delete(alert.id);
    versions.set(alert.id, alert.version);
    if (versions.size > TRACKED) versions.delete(versions.keys().next().value!);
    return true;
  }

  function deliver(alert: Alert): void {
    if (!accept(alert)) return;
    useInboxStore().apply(alert);
    useProblemStore().apply(alert);
  }

  const handlers: LiveHandlers & { hello(m: HelloMessage): void } = {
    hello(m) {
      timeZone.value = m.timeZone;
    },
    snapshot(m) {
      counts.value = m.counts;
      for (const a of m.alerts) deliver(a);
      if (m.reason === 'too_far_behind') {
        // The snapshot holds only the newest problems: everything on screen is fetched again.
        resyncs.value++;
        void useInboxStore()
          .load()
          .catch(() => undefined);
        void useProblemStore()
          .reload()
          .catch(() => undefined);
        useLeaderboardStore().markStale();
        useOfficerScoreStore().markStale();
      }
    },
    scoreChanged(m) {
      useOfficerScoreStore().changed(m.changes.map((c) => c.badgeNo));
    },
    leaderboard() {
      useLeaderboardStore().markStale();
    },
    alert(m) {
      counts.value = m.counts;
      deliver(m.alert);
    },
    state(s, why) {
      // Pushes missed while disconnected are not replayed: the count is read again.
      if (s === 'live' && state.value !== 'live')
        void useNotificationsStore()
          .refreshUnread()
          .catch(() => undefined);
      state.value = s;
      detail.value = why ?? '';
    },
    notification(m) {
      useNotificationsStore().received(m);
    },
  };

  function reset(): void {
    versions.clear();
    counts.value = null;
    state.value = 'connecting';
  }

  return { state, detail, timeZone, counts, resyncs, handlers, accept, reset };
});
