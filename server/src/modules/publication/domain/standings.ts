import type {
  AnnualRow,
  DailyCounts,
  PeriodChange,
  PublicationRow,
  PublicationSettings,
  ReissueChange,
  Standing,
} from '@jifen/shared';

/**
 * What a publication adds on top of a ranking: the change against the previous period, the
 * commended few, the annual marks, the difference between two versions. Rankings themselves
 * come from the leaderboard's code, so a publication and the live board never disagree.
 */

const round1 = (v: number) => Math.round(v * 10) / 10;

/** 环比: against the same key's standing in the previous period (null when absent there). */
export function changeAgainst(current: Standing, previous: Standing | undefined): PeriodChange {
  if (!previous) return { previousRank: null, previousTotal: null, totalDelta: null, rankDelta: null };
  return {
    previousRank: previous.rank,
    previousTotal: previous.total,
    totalDelta: round1(current.total - previous.total),
    rankDelta: previous.rank - current.rank,
  };
}

/** 季通报: the first N of each ranking (ranks are strict, so the cut is never a tie). */
export function commended<O extends { rank: number }, U extends { rank: number }>(
  officers: O[],
  units: U[],
  settings: Pick<PublicationSettings, 'commendedOfficers' | 'commendedUnits'>,
): { officers: O[]; units: U[] } {
  const byRank = <T extends { rank: number }>(rows: T[]) => [...rows].sort((a, b) => a.rank - b.rank);
  return {
    officers: byRank(officers).slice(0, settings.commendedOfficers),
    units: byRank(units).slice(0, settings.commendedUnits),
  };
}

/**
 * How many of `ranked` officers the annual shares cover. RULES.md: the bottom share is at
 * least one officer whenever anyone is ranked; the top share never overlaps the bottom one.
 */
export function annualCounts(
  ranked: number,
  shares: Pick<PublicationSettings, 'ineligibleShare' | 'recommendedShare'>,
): { ineligible: number; recommended: number } {
  if (ranked <= 0) return { ineligible: 0, recommended: 0 };
  // A hair of tolerance keeps 0.05 × 100 at 5 despite binary fractions.
  const ineligible = Math.max(1, Math.floor(ranked * shares.ineligibleShare + 1e-9));
  const recommended = Math.min(Math.floor(ranked * shares.recommendedShare + 1e-9), ranked - ineligible);
  return { ineligible, recommended };
}

/** 年评定: marks the top share recommended and the bottom share ineligible for awards. */
export function markAnnual(
  rows: PublicationRow[],
  shares: Pick<PublicationSettings, 'ineligibleShare' | 'recommendedShare'>,
): AnnualRow[] {
  const sorted = [...rows].sort((a, b) => a.rank - b.rank);
  const n = annualCounts(sorted.length, shares);
  return sorted.map((r, i) => ({
    ...r,
    mark: i < n.recommended ? 'recommended' : i >= sorted.length - n.ineligible ? 'ineligible' : null,
  }));
}

/** Officers whose rank or total differs between two versions of a publication. */
export function reissueChanges(
  before: readonly PublicationRow[],
  after: readonly PublicationRow[],
): ReissueChange[] {
  const old = new Map(before.map((r) => [r.badgeNo, r]));
  const now = new Map(after.map((r) => [r.badgeNo, r]));
  const standing = (r: PublicationRow | undefined): Standing | null =>
    r ? { rank: r.rank, total: r.total } : null;
  const changes: ReissueChange[] = [];
  for (const badgeNo of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(badgeNo);
    const b = now.get(badgeNo);
    if (a && b && a.rank === b.rank && a.total === b.total) continue;
    const who = (b ?? a)!;
    changes.push({
      badgeNo,
      name: who.name,
      unitCode: who.unitCode,
      unitName: who.unitName,
      before: standing(a),
      after: standing(b),
    });
  }
  // Officers in the new version by their new rank, then those who left it by their old one.
  const order = (c: ReissueChange) => (c.after ? c.after.rank : 1e9 + c.before!.rank);
  return changes.sort((x, y) => order(x) - order(y));
}

/** 日清零: the day's counts summed over units, with the share cleared the same day. */
export function sumDaily(units: readonly Omit<DailyCounts, 'clearRate'>[]): DailyCounts {
  const t = { detected: 0, acknowledged: 0, rectified: 0, clearedSameDay: 0 };
  for (const u of units) {
    t.detected += u.detected;
    t.acknowledged += u.acknowledged;
    t.rectified += u.rectified;
    t.clearedSameDay += u.clearedSameDay;
  }
  return { ...t, clearRate: clearRate(t) };
}

export const clearRate = (c: { detected: number; clearedSameDay: number }): number | null =>
  c.detected === 0 ? null : c.clearedSameDay / c.detected;
