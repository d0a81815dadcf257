import type { Alert, LeaderboardRow, RatesAnswer, WallSettings } from '@jifen/shared';
import { DEFAULT_WALL_CONFIG } from '@jifen/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COUNTS, change, problem, row } from '../views/wall/wall-fixtures';
import { FEED_SIZE, RESOLVED_SHOWN_MS, TICKER_SIZE, TRACKED_VERSIONS, useWallStore } from './wall';

const snapshot = (alerts: Alert[] = [], officers: LeaderboardRow[] = []) => ({
  seq: 1,
  reason: 'initial' as const,
  period: '2026-11',
  officers,
  units: [],
  alerts,
  counts: COUNTS,
});

describe('wall store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('applies a snapshot, then score changes to the ticker and to the rows', () => {
    const w = useWallStore();
    w.handlers.snapshot(snapshot([], [row('1', 5, 1)]));
    w.handlers.scoreChanged({ seq: 2, changes: [change('1', 10, 15)] });
    expect(w.officers[0].total).toBe(15);
    expect(w.ticker).toHaveLength(1);
    expect(w.updatedAt.ticker).not.toBeNull();
    expect(w.updatedAt.officers).not.toBeNull();
  });

  it('keeps the ticker bounded however many changes arrive, newest first', () => {
    const w = useWallStore();
    for (let i = 1; i <= 500; i++) w.handlers.scoreChanged({ seq: i, changes: [change(String(i), 1, 1)] });
    expect(w.ticker).toHaveLength(TICKER_SIZE);
    expect(w.ticker[0].badgeNo).toBe('500');
  });

  it('remembers who moved up and down when a new leaderboard arrives', () => {
    const w = useWallStore();
    w.handlers.snapshot(snapshot([], [row('a', 20, 1), row('b', 10, 2)]));
    w.handlers.leaderboard({
      seq: 3,
      period: '2026-11',
      scope: null,
      by: 'officer',
      rows: [row('b', 30, 1), row('a', 20, 2)],
    });
    expect(w.rankMoves.get('b')?.delta).toBe(1);
    expect(w.rankMoves.get('a')?.delta).toBe(-1);
    w.handlers.leaderboard({ seq: 4, period: '2026-11', scope: null, by: 'unit', rows: [row('x', 1, 1)] });
    expect(w.units).toHaveLength(1);
    expect(w.officers.map((r) => r.badgeNo)).toEqual(['b', 'a']);
  });

  it('keeps per problem only the highest version seen: an older update arriving late is dropped', () => {
    const w = useWallStore();
    w.handlers.alert({ seq: 5, alert: problem('p1', 1), counts: COUNTS }, true);
    w.handlers.alert({ seq: 7, alert: problem('p1', 3, { status: 'rectifying' }), counts: COUNTS }, false);
    w.handlers.alert({ seq: 8, alert: problem('p1', 2, { status: 'acknowledged' }), counts: COUNTS }, false);
    expect(w.problems).toHaveLength(1);
    expect(w.problems[0]).toMatchObject({ version: 3, status: 'rectifying' });
  });

  it('a resolved problem stays a minute with how it ended, then leaves; one never shown is not news', () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T02:00:00Z') });
    const w = useWallStore();
    w.handlers.alert({ seq: 5, alert: problem('p1', 1), counts: COUNTS }, true);
    w.handlers.alert(
      { seq: 6, alert: problem('p1', 2, { status: 'closed', resolution: 'verified' }), counts: COUNTS },
      false,
    );
    expect(w.problems[0]).toMatchObject({ status: 'closed', resolution: 'verified' });
    w.handlers.alert(
      { seq: 7, alert: problem('p2', 4, { status: 'dismissed', resolution: 'dismissed' }), counts: COUNTS },
      false,
    );
    expect(w.problems.map((p) => p.id)).toEqual(['p1']);
    vi.advanceTimersByTime(RESOLVED_SHOWN_MS + 1);
    w.handlers.alert({ seq: 8, alert: problem('p3', 1), counts: COUNTS }, true);
    expect(w.problems.map((p) => p.id)).toEqual(['p3']);
  });

  it('keeps the feed and the remembered versions bounded', () => {
    const w = useWallStore();
    for (let i = 0; i < TRACKED_VERSIONS + 100; i++)
      w.handlers.alert({ seq: i + 1, alert: problem(`p${i}`, 1), counts: COUNTS }, true);
    expect(w.problems.length).toBe(FEED_SIZE);
    // The oldest versions are forgotten (memory stays bounded), so the very first problem can show again.
    const replay = problem('p0', 1, { detectedAt: '2026-11-23T03:00:00.000Z' });
    w.handlers.alert({ seq: 99_999, alert: replay, counts: COUNTS }, true);
    expect(w.problems.some((p) => p.id === 'p0')).toBe(true);
  });

  it('a snapshot (a client too far behind gets one) replaces the feed and the boards', () => {
    const w = useWallStore();
    w.handlers.alert({ seq: 5, alert: problem('old', 1), counts: COUNTS }, true);
    w.handlers.snapshot({ ...snapshot([problem('new', 2)], [row('z', 9, 1)]), reason: 'too_far_behind' });
    expect(w.problems.map((p) => p.id)).toEqual(['new']);
    expect(w.officers.map((r) => r.badgeNo)).toEqual(['z']);
  });

  it('tracks how long the connection has been down, and clears it on reconnect', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const w = useWallStore();
    w.handlers.state('live');
    w.handlers.state('reconnecting', 'transport close');
    vi.advanceTimersByTime(5000);
    w.handlers.state('reconnecting', undefined, 3);
    expect(w.disconnectedAt).toBe(1_000_000);
    expect(w.attempt).toBe(3);
    w.handlers.state('live');
    expect(w.disconnectedAt).toBeNull();
    expect(w.attempt).toBe(0);
  });

  it('applies a changed configuration for its own token only, newer versions only', () => {
    const w = useWallStore();
    const own: WallSettings = {
      tokenId: 't1',
      label: 'wall',
      unitCode: null,
      revoked: false,
      config: DEFAULT_WALL_CONFIG,
      version: 2,
      updatedAt: null,
      updatedBy: null,
    };
    w.settings = own;
    const privacy = { ...DEFAULT_WALL_CONFIG, privacy: 'badge' as const };
    w.handlers.wallConfig!({ seq: 9, tokenId: 'other', version: 5, config: privacy });
    w.handlers.wallConfig!({ seq: 10, tokenId: 't1', version: 2, config: privacy });
    expect(w.config.privacy).toBe('off');
    w.handlers.wallConfig!({ seq: 11, tokenId: 't1', version: 3, config: privacy });
    expect(w.config.privacy).toBe('badge');
  });

  it('takes rates for its own scope, and reads them over REST with its token', async () => {
    const w = useWallStore();
    const answer = { unitCode: 'B', days: [], months: [] } as unknown as RatesAnswer;
    w.handlers.hello!({ seq: 1, scope: 'B', role: 'display', serverTime: '', timeZone: 'Asia/Shanghai' });
    w.handlers.rates!({ seq: 2, scope: 'X', rates: answer });
    expect(w.rates).toBeNull();
    w.handlers.rates!({ seq: 3, scope: 'B', rates: answer });
    expect(w.rates).toBe(answer);
    const fetch = vi.fn(
      async () => new Response(JSON.stringify({ ...answer, unitCode: 'REST' }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetch);
    w.start('jfd_secret');
    await w.loadRates();
    expect(w.rates?.unitCode).toBe('REST');
    expect(fetch).toHaveBeenCalledWith('/api/rates', { headers: { authorization: 'Bearer jfd_secret' } });
  });

  it('reads the latest airing again as soon as a publication is announced', async () => {
    const w = useWallStore();
    const airing = { kind: 'monthly', period: '2026-11', version: 1, rows: [], units: [] };
    const fetch = vi.fn(async (path: string) => {
      if (path === '/api/publications?kind=monthly')
        return new Response(JSON.stringify([{ kind: 'monthly', period: '2026-11', version: 1 }]));
      if (path === '/api/publications/monthly/2026-11') return new Response(JSON.stringify(airing));
      return new Response(JSON.stringify([]));
    });
    vi.stubGlobal('fetch', fetch);
    w.start('jfd_secret');
    w.handlers.publication!({
      seq: 4,
      kind: 'monthly',
      period: '2026-11',
      version: 1,
      scope: { unitCode: 'B', unitName: '县局' },
    });
    await vi.waitFor(() => expect(w.airing).toEqual(airing));
    expect(fetch).toHaveBeenCalledWith('/api/publications/monthly/2026-11', {
      headers: { authorization: 'Bearer jfd_secret' },
    });
  });
});
