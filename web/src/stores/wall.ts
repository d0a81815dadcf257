import {
  DEFAULT_WALL_CONFIG,
  FINAL_ALERT_STATUSES,
  WALL_PANELS,
  dateKeyOf,
  type Alert,
  type AlertCounts,
  type LeaderboardRow,
  type RatesAnswer,
  type ScoreChange,
  type WallConfig,
  type WallPanel,
  type WallSettings,
} from '@jifen/shared';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { ApiError } from '../api/client';
import type { ConnectionState, LiveHandlers } from '../realtime/live-feed';

/** Every list is bounded, so memory stays flat however long the wall runs. */
export const TICKER_SIZE = 40;
export const FEED_SIZE = 40;
/** Problem versions remembered to drop stale updates; the oldest are forgotten first. */
export const TRACKED_VERSIONS = 2000;
/** How long a resolved problem stays in the feed, showing how it ended. */
export const RESOLVED_SHOWN_MS = 60_000;
/** How long a rank change keeps its arrow. */
export const RANK_MOVE_SHOWN_MS = 60_000;
/** Rates and publications are read again this often in case a live message was missed. */
export const REFRESH_MS = 5 * 60_000;

export interface TickerItem extends ScoreChange {
  key: string;
}
export interface FeedProblem extends Alert {
  /** When the wall saw it closed or dismissed. */
  resolvedAt?: number;
}
export interface RankMove {
  /** Places gained (negative: lost). */
  delta: number;
  at: number;
}

/** What the wall reads of a monthly airing (月晾晒): the part of the publication contract it shows. */
export interface AiringView {
  kind: string;
  period: string;
  version: number;
  publishedAt: string;
  rows: {
    rank: number;
    badgeNo: string;
    name: string;
    unitName: string;
    total: number;
    change?: { rankDelta: number | null };
  }[];
}
interface DailyCountsView {
  detected: number;
  acknowledged: number;
  rectified: number;
  clearedSameDay: number;
  clearRate: number | null;
}
/** What the wall reads of a daily notice (日通报). */
export interface DailyNoticeView {
  period: string;
  publishedAt: string;
  totals: DailyCountsView;
  units: (DailyCountsView & { unitCode: string; unitName: string })[];
}

/** A publication not issued yet, as opposed to one not loaded yet (null). */
export const NONE = 'none' as const;

const EMPTY_COUNTS: AlertCounts = { open: 0, acknowledged: 0, overdue: 0, today: { raised: 0, cleared: 0 } };

/** GET with the wall's own token; null when there is nothing there (404). */
async function read<T>(token: string, path: string): Promise<T | null> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 404) return null;
  const body = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(
      body && typeof body === 'object' && 'code' in body
        ? body
        : {
            statusCode: res.status,
            code: `HTTP.${res.status}`,
            message: res.statusText,
            messageZh: res.statusText,
          },
    );
  return body as T;
}

/**
 * What the wall shows. The live feed drives scores, rankings and problems; the wall's
 * configuration, rates and publications are read over REST with the display token and
 * kept current by live messages.
 */
export const useWallStore = defineStore('wall', () => {
  const token = ref('');
  const settings = shallowRef<WallSettings | null>(null);
  const config = computed<WallConfig>(() => settings.value?.config ?? DEFAULT_WALL_CONFIG);
  const timeZone = ref('Asia/Shanghai');
  const scope = ref<string | null>(null);
  const period = ref('');
  const officers = shallowRef<LeaderboardRow[]>([]);
  const units = shallowRef<LeaderboardRow[]>([]);
  const rankMoves = shallowRef(new Map<string, RankMove>());
  const ticker = shallowRef<TickerItem[]>([]);
  const problems = shallowRef<FeedProblem[]>([]);
  const counts = shallowRef<AlertCounts>(EMPTY_COUNTS);
  const rates = shallowRef<RatesAnswer | null>(null);
  const notice = shallowRef<DailyNoticeView | typeof NONE | null>(null);
  const airing = shallowRef<AiringView | typeof NONE | null>(null);
  const updatedAt = reactive(
    Object.fromEntries(WALL_PANELS.map((p) => [p, null])) as Record<WallPanel, number | null>,
  );
  const state = ref<ConnectionState>('connecting');
  const stateDetail = ref('');
  const attempt = ref(0);
  /** When the connection dropped; null while connected. */
  const disconnectedAt = ref<number | null>(null);
  const lastDataAt = ref<number | null>(null);
  /** The wall's one ticking clock (WallView advances it every second); panels age their marks by it. */
  const now = ref(Date.now());
  const versions = new Map<string, number>();
  let tickerSerial = 0;

  const touch = (...panels: WallPanel[]) => {
    const now = Date.now();
    for (const p of panels) updatedAt[p] = now;
    if (lastDataAt.value === null) performance.mark('jifen:first-data');
    lastDataAt.value = now;
  };

  /** True when this is the newest version of the problem seen so far (updates can arrive out of order). */
  function newest(a: Alert): boolean {
    const seen = versions.get(a.id);
    if (seen !== undefined && a.version <= seen) return false;
    versions.delete(a.id);
    versions.set(a.id, a.version);
    if (versions.size > TRACKED_VERSIONS) versions.delete(versions.keys().next().value!);
    return true;
  }

  function placeProblems(list: FeedProblem[]): FeedProblem[] {
    const now = Date.now();
    return list
      .filter((p) => p.resolvedAt === undefined || now - p.resolvedAt < RESOLVED_SHOWN_MS)
      .sort((a, b) => b.detectedAt.localeCompare(a.detectedAt))
      .slice(0, FEED_SIZE);
  }

  function applyAlert(a: Alert): void {
    if (!newest(a)) return;
    const resolved = FINAL_ALERT_STATUSES.includes(a.status);
    const rest = problems.value.filter((p) => p.id !== a.id);
    // A problem resolved before the wall ever showed it is not news.
    if (resolved && rest.length === problems.value.length) return;
    problems.value = placeProblems([resolved ? { ...a, resolvedAt: Date.now() } : a, ...rest]);
  }

  function applyOfficers(rows: LeaderboardRow[]): void {
    const now = Date.now();
    const before = new Map(officers.value.map((r) => [r.badgeNo, r.rank]));
    const moves = new Map<string, RankMove>();
    for (const r of rows) {
      if (!r.badgeNo) continue;
      const was = before.get(r.badgeNo);
      const kept = rankMoves.value.get(r.badgeNo);
      if (was !== undefined && was !== r.rank) moves.set(r.badgeNo, { delta: was - r.rank, at: now });
      else if (kept && now - kept.at < RANK_MOVE_SHOWN_MS) moves.set(r.badgeNo, kept);
    }
    rankMoves.value = moves;
    officers.value = rows;
  }

  const handlers: LiveHandlers = {
    hello(m) {
      timeZone.value = m.timeZone;
      scope.value = m.scope;
    },
    snapshot(m) {
      period.value = m.period;
      applyOfficers(m.officers);
      units.value = m.units;
      counts.value = m.counts;
      for (const a of m.alerts) newest(a);
      problems.value = placeProblems(m.alerts.filter((a) => versions.get(a.id) === a.version));
      touch('officers', 'units', 'problems');
    },
    scoreChanged(m) {
      const items = m.changes
        .slice(-TICKER_SIZE)
        .map((c) => ({ ...c, key: `${++tickerSerial}` }))
        .reverse();
      ticker.value = [...items, ...ticker.value].slice(0, TICKER_SIZE);
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
      period.value = m.period;
      if (m.by === 'officer') {
        applyOfficers(m.rows);
        touch('officers');
      } else {
        units.value = m.rows;
        touch('units');
      }
    },
    alert(m) {
      applyAlert(m.alert);
      counts.value = m.counts;
      touch('problems');
    },
    rates(m) {
      if (m.scope !== scope.value) return;
      rates.value = m.rates;
      touch('rates', 'trends');
    },
    // A new airing or daily notice shows at once, not at the next periodic read.
    publication() {
      void loadPublications();
    },
    wallConfig(m) {
      if (!settings.value || m.tokenId !== settings.value.tokenId || m.version <= settings.value.version)
        return;
      settings.value = { ...settings.value, config: m.config, version: m.version };
    },
    state(s, detail, n) {
      if (s === 'live') {
        disconnectedAt.value = null;
        attempt.value = 0;
      } else if (s === 'reconnecting' && disconnectedAt.value === null) disconnectedAt.value = Date.now();
      if (n !== undefined) attempt.value = n;
      state.value = s;
      stateDetail.value = detail ?? '';
    },
  };

  async function loadSettings(): Promise<void> {
    const s = await read<WallSettings>(token.value, '/api/wall');
    // Only a newer version replaces what is shown: re-reading the same one must not restart the rotation.
    if (s && (!settings.value || s.version > settings.value.version)) settings.value = s;
  }

  async function loadRates(): Promise<void> {
    const r = await read<RatesAnswer>(token.value, '/api/rates');
    if (r) {
      rates.value = r;
      touch('rates', 'trends');
    }
  }

  /**
   * Yesterday's daily notice (日通报) and the latest monthly airing (月晾晒), found through the
   * publication lists so that "not published yet" is an empty list, not a failed request.
   */
  async function loadPublications(): Promise<void> {
    const yesterday = dateKeyOf(Date.now() - 86_400_000, timeZone.value);
    const dailies = await read<{ period: string }[]>(token.value, '/api/publications?kind=daily');
    notice.value =
      (dailies?.some((d) => d.period === yesterday) &&
        (await read<DailyNoticeView>(token.value, `/api/publications/daily/${yesterday}`))) ||
      NONE;
    touch('notice');
    const monthly = await read<{ period: string }[]>(token.value, '/api/publications?kind=monthly');
    const latest = [...(monthly ?? [])].sort((a, b) => b.period.localeCompare(a.period))[0];
    airing.value =
      (latest && (await read<AiringView>(token.value, `/api/publications/monthly/${latest.period}`))) || NONE;
    touch('publication');
  }

  /** Everything read over REST, again: at start, after every reconnect and every REFRESH_MS. */
  async function refresh(): Promise<void> {
    const results = await Promise.allSettled([loadSettings(), loadRates(), loadPublications()]);
    const failed = results.find((r) => r.status === 'rejected');
    if (
      failed &&
      failed.status === 'rejected' &&
      failed.reason instanceof ApiError &&
      failed.reason.body.statusCode === 401
    )
      handlers.state('denied', failed.reason.body.message);
  }

  function start(displayToken: string): void {
    token.value = displayToken;
  }

  function tick(): void {
    now.value = Date.now();
  }

  return {
    token,
    settings,
    config,
    timeZone,
    scope,
    period,
    officers,
    units,
    rankMoves,
    ticker,
    problems,
    counts,
    rates,
    notice,
    airing,
    updatedAt,
    state,
    stateDetail,
    attempt,
    disconnectedAt,
    lastDataAt,
    now,
    handlers,
    start,
    tick,
    refresh,
    loadRates,
    placeProblems,
  };
});
