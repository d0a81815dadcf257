import { emptyBreakdown } from './breakdown';
import { rankUnits, type OfficerUnitSums, type RankingOrg } from './ranking';

/** Bureau B; stations S1 (with squad S1-A under it) and S2. */
const PATHS: Record<string, string> = { B: '/B/', S1: '/B/S1/', 'S1-A': '/B/S1/S1-A/', S2: '/B/S2/' };
const OFFICERS = [
  { badgeNo: '1', unitCode: 'S1', active: true },
  { badgeNo: '2', unitCode: 'S1-A', active: true },
  { badgeNo: '3', unitCode: 'S1-A', active: false },
  { badgeNo: '4', unitCode: 'S2', active: true },
];
const within = (u: string, scope: string | null) =>
  scope === null ? u in PATHS : !!PATHS[u] && PATHS[u].startsWith(PATHS[scope] ?? `/${scope}/`);
const org: RankingOrg = {
  isWithin: within,
  ancestry: (u) => (PATHS[u] ? PATHS[u].split('/').filter(Boolean).reverse() : []),
  officersWithin: (scope) => OFFICERS.filter((o) => within(o.unitCode, scope)),
};
const row = (badgeNo: string, unitCode: string, total: number): OfficerUnitSums => ({
  badgeNo,
  unitCode,
  sums: { ...emptyBreakdown(), total, base: total, quantity: total },
});

describe('ranking units', () => {
  it('sums each unit over its whole subtree and counts its active officers', () => {
    const ranked = rankUnits(
      [
        row('1', 'S1', 30),
        row('2', 'S1-A', 50),
        row('3', 'S1-A', 5),
        row('4', 'S2', 70),
        row('9', 'GONE', 1000),
      ],
      org,
      [{ code: 'S2' }, { code: 'S1-A' }, { code: 'B' }, { code: 'S1' }],
    );
    expect(ranked.map((u) => [u.rank, u.unitCode, u.sums.total, u.officerCount])).toEqual([
      [1, 'B', 155, 3],
      [2, 'S1', 85, 2],
      [3, 'S2', 70, 1],
      [4, 'S1-A', 55, 1],
    ]);
  });

  it('lists a unit with nothing earned at zero, ties broken by code', () => {
    const ranked = rankUnits([], org, [{ code: 'S2' }, { code: 'S1' }]);
    expect(ranked.map((u) => [u.rank, u.unitCode, u.sums.total, u.officerCount])).toEqual([
      [1, 'S1', 0, 2],
      [2, 'S2', 0, 1],
    ]);
  });
});
