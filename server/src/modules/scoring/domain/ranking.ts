import { addBreakdown, compareRanking, emptyBreakdown, type TenthsBreakdown } from './breakdown';

/** Sums of one officer's rows earned in one unit (an officer who moved has one per unit). */
export interface OfficerUnitSums {
  badgeNo: string;
  unitCode: string;
  sums: TenthsBreakdown;
}

/** What ranking needs to know about the organisation. */
export interface RankingOrg {
  /** Officers currently in the scope (null: everyone): active ones are listed even with no points. */
  officersWithin(scope: string | null): { badgeNo: string; unitCode: string; active: boolean }[];
  isWithin(unitCode: string, scope: string | null): boolean;
  /** Codes from the unit up to its root, the unit first; empty for a unit not in the organisation. */
  ancestry(unitCode: string): string[];
}

export interface RankedOfficer {
  rank: number;
  badgeNo: string;
  sums: TenthsBreakdown;
}

export interface RankedUnit {
  rank: number;
  unitCode: string;
  sums: TenthsBreakdown;
  /** Active officers in the unit's subtree now. */
  officerCount: number;
}

/**
 * The one ranking of officers (DESIGN.md): by total, ties by fewer deductions, then more
 * quality points, then badge number. Within a scope an officer counts what they earned in
 * units of that scope — points stay with the unit they were earned in — and every active
 * officer of the scope is listed, idle ones with zero. The live leaderboard, the rule
 * preview and every publication rank through here, so they can never disagree.
 */
export function rankOfficers(
  rows: Iterable<OfficerUnitSums>,
  org: RankingOrg,
  scope: string | null,
): RankedOfficer[] {
  const byOfficer = new Map<string, TenthsBreakdown & { key: string }>();
  const entry = (badgeNo: string) => {
    let e = byOfficer.get(badgeNo);
    if (!e) byOfficer.set(badgeNo, (e = { ...emptyBreakdown(), key: badgeNo }));
    return e;
  };
  for (const r of rows) if (org.isWithin(r.unitCode, scope)) addBreakdown(entry(r.badgeNo), r.sums);
  for (const o of org.officersWithin(scope)) if (o.active) entry(o.badgeNo);
  return [...byOfficer.values()]
    .sort(compareRanking)
    .map(({ key, ...sums }, i) => ({ rank: i + 1, badgeNo: key, sums }));
}

/**
 * Units ranked by everything earned in their subtree, with the same tie-breaks as officers.
 * One pass over the rows and one over the officers, each credited to its unit's ancestors:
 * a scan of every row per unit was units × officers, 50 million steps for a province
 * (docs/PERFORMANCE.md, monthly airing).
 */
export function rankUnits(
  rows: Iterable<OfficerUnitSums>,
  org: RankingOrg,
  units: readonly { code: string }[],
): RankedUnit[] {
  const byUnit = new Map<string, { b: TenthsBreakdown & { key: string }; officerCount: number }>();
  for (const u of units)
    if (!byUnit.has(u.code)) byUnit.set(u.code, { b: { ...emptyBreakdown(), key: u.code }, officerCount: 0 });
  for (const r of rows)
    for (const code of org.ancestry(r.unitCode)) {
      const e = byUnit.get(code);
      if (e) addBreakdown(e.b, r.sums);
    }
  for (const o of org.officersWithin(null))
    if (o.active)
      for (const code of org.ancestry(o.unitCode)) {
        const e = byUnit.get(code);
        if (e) e.officerCount++;
      }
  return units
    .map((u) => byUnit.get(u.code)!)
    .sort((x, y) => compareRanking(x.b, y.b))
    .map(({ b: { key, ...sums }, officerCount }, i) => ({ rank: i + 1, unitCode: key, sums, officerCount }));
}
