import { emptyBreakdown } from '../../scoring/domain/breakdown';
import type { OfficerUnitSums } from '../../scoring/domain/ranking';
import { dailyUnitRows, rankingTables, type PublicationOrg } from './compose';
import { scopedSnapshot } from './scoped';

/** A bureau B with stations S1 and S2; officer 3 has left (inactive). */
const UNITS: Record<string, { name: string; path: string }> = {
  B: { name: '县局', path: '/B/' },
  S1: { name: '城关派出所', path: '/B/S1/' },
  S2: { name: '东城派出所', path: '/B/S2/' },
};
const OFFICERS = [
  { badgeNo: '1', name: '张伟', unitCode: 'S1', active: true },
  { badgeNo: '2', name: '李娜', unitCode: 'S1', active: true },
  { badgeNo: '3', name: '王强', unitCode: 'S2', active: false },
  { badgeNo: '4', name: '刘洋', unitCode: 'S2', active: true },
];
const within = (u: string, scope: string | null) =>
  scope === null ? u in UNITS : !!UNITS[u] && UNITS[u].path.startsWith(UNITS[scope].path);
const org: PublicationOrg = {
  isWithin: within,
  ancestry: (u) => (UNITS[u] ? UNITS[u].path.split('/').filter(Boolean).reverse() : []),
  officersWithin: (scope) => OFFICERS.filter((o) => within(o.unitCode, scope)),
  officer: (b) => OFFICERS.find((o) => o.badgeNo === b),
  unit: (c) => UNITS[c],
};

const sums = (badgeNo: string, unitCode: string, total: number, deduction = 0): OfficerUnitSums => ({
  badgeNo,
  unitCode,
  sums: { ...emptyBreakdown(), total, base: total - deduction, deduction, quantity: total },
});

describe('the ranking tables of a publication', () => {
  const input = {
    current: [sums('1', 'S1', 100), sums('4', 'S2', 100, -20)],
    previous: [sums('4', 'S2', 50), sums('1', 'S1', 30)],
    org,
    scope: 'B',
    units: [{ code: 'S1' }, { code: 'S2' }],
  };

  it('ranks as the leaderboard does: equal totals by fewer deductions; idle active officers with zero', () => {
    const t = rankingTables({ ...input, idleApart: false });
    expect(t.rows.map((r) => [r.rank, r.badgeNo, r.total])).toEqual([
      [1, '1', 10],
      [2, '4', 10],
      [3, '2', 0],
    ]);
    expect(t.inactive).toEqual([]);
    expect(t.rows[0]).toMatchObject({ name: '张伟', unitName: '城关派出所' });
  });

  it('sets each line against the previous period', () => {
    const t = rankingTables({ ...input, idleApart: false });
    expect(t.rows[0].change).toEqual({ previousRank: 2, previousTotal: 3, totalDelta: 7, rankDelta: 1 });
    expect(t.rows[1].change).toEqual({ previousRank: 1, previousTotal: 5, totalDelta: 5, rankDelta: -1 });
    expect(t.units.map((u) => [u.unitCode, u.rank, u.change.previousRank])).toEqual([
      ['S1', 1, 2],
      ['S2', 2, 1],
    ]);
  });

  it('lists officers without a ledger row apart in the annual assessment (the inactive not at all)', () => {
    const t = rankingTables({ ...input, idleApart: true });
    expect(t.rows.map((r) => r.badgeNo)).toEqual(['1', '4']);
    expect(t.inactive).toEqual([{ badgeNo: '2', name: '李娜', unitCode: 'S1', unitName: '城关派出所' }]);
  });

  it('shows a reader within a unit the lines of that unit, with the bureau’s ranks', () => {
    const t = rankingTables({ ...input, idleApart: false });
    const base = {
      period: '2026-10',
      version: 1,
      publishedAt: '',
      ledgerMark: 0,
      catalogueVersion: 1,
      timeZone: 'Asia/Shanghai',
      scope: { unitCode: 'B', unitName: '县局' },
      reissue: null,
    };
    const mine = scopedSnapshot({ kind: 'monthly', ...base, rows: t.rows, units: t.units }, 'S2', within);
    expect(mine.kind === 'monthly' && mine.rows.map((r) => [r.rank, r.badgeNo])).toEqual([[2, '4']]);
    expect(mine.kind === 'monthly' && mine.units.map((u) => u.unitCode)).toEqual(['S2']);
  });
});

describe('the daily notice', () => {
  const day = { start: 1000, end: 2000 };
  const p = (
    unitCode: string,
    detectedAt: number,
    over: Partial<Parameters<typeof dailyUnitRows>[0][0]> = {},
  ) => ({
    unitCode,
    detectedAt,
    ackAt: null,
    rectifiedAt: null,
    closedAt: null,
    withdrawn: false,
    ...over,
  });

  it('counts the day’s problems per unit subtree, the withdrawn and the other days’ apart', () => {
    const rows = dailyUnitRows(
      [
        p('S1', 1000, { ackAt: 1100, rectifiedAt: 1500, closedAt: 1999 }),
        p('S1', 1500, { ackAt: 1600, closedAt: 2000 }),
        p('S1', 1700, { withdrawn: true }),
        p('S1', 999),
        p('S1', 2000),
      ],
      day,
      org,
      [{ code: 'S1' }, { code: 'S2' }],
    );
    expect(rows).toEqual([
      {
        unitCode: 'S1',
        unitName: '城关派出所',
        detected: 2,
        acknowledged: 2,
        rectified: 1,
        clearedSameDay: 1,
        clearRate: 0.5,
      },
      {
        unitCode: 'S2',
        unitName: '东城派出所',
        detected: 0,
        acknowledged: 0,
        rectified: 0,
        clearedSameDay: 0,
        clearRate: null,
      },
    ]);
  });
});
