import {
  fromTenths,
  type DailyUnitRow,
  type InactiveOfficer,
  type PublicationRow,
  type PublicationUnitRow,
  type Standing,
} from '@jifen/shared';
import { toPoints } from '../../scoring/domain/breakdown';
import { rankOfficers, rankUnits, type OfficerUnitSums, type RankingOrg } from '../../scoring/domain/ranking';
import { changeAgainst, clearRate } from './standings';

/** What a publication needs to know of the organisation: the ranking's view, and names. */
export interface PublicationOrg extends RankingOrg {
  officer(badgeNo: string): { name: string; unitCode: string } | undefined;
  unit(code: string): { name: string } | undefined;
}

export interface RankingInput {
  /** Sums of the period's ledger rows per officer and unit earned in. */
  current: OfficerUnitSums[];
  /** The same for the period before (环比). */
  previous: OfficerUnitSums[];
  org: PublicationOrg;
  /** The bureau the publication covers (null: the whole organisation). */
  scope: string | null;
  /** The units the unit ranking compares. */
  units: readonly { code: string }[];
  /**
   * Annual: officers without a single ledger row are listed apart, not ranked. Otherwise
   * every active officer is ranked, idle ones with zero, exactly as the live board does.
   */
  idleApart: boolean;
}

export interface RankingTables {
  rows: PublicationRow[];
  units: PublicationUnitRow[];
  inactive: InactiveOfficer[];
}

/** A ranking without the idle: the org as the ranking sees it, minus the officers listed only for being there. */
const withoutIdle = (org: RankingOrg): RankingOrg => ({
  isWithin: (u, s) => org.isWithin(u, s),
  ancestry: (u) => org.ancestry(u),
  officersWithin: () => [],
});

/**
 * The officer and unit tables of a ranked publication, ranked by the live leaderboard's
 * code (so the two never disagree), each line with its change against the previous period.
 */
export function rankingTables(input: RankingInput): RankingTables {
  const { org, scope } = input;
  const rankingOrg = input.idleApart ? withoutIdle(org) : org;
  const ranked = rankOfficers(input.current, rankingOrg, scope);
  const before = new Map<string, Standing>(
    rankOfficers(input.previous, rankingOrg, scope).map((r) => [r.badgeNo, standing(r.rank, r.sums.total)]),
  );
  const rows: PublicationRow[] = ranked.map((r) => {
    const o = org.officer(r.badgeNo);
    const unitCode = o?.unitCode ?? '';
    const points = toPoints(r.sums);
    return {
      rank: r.rank,
      badgeNo: r.badgeNo,
      name: o?.name ?? r.badgeNo,
      unitCode,
      unitName: org.unit(unitCode)?.name ?? unitCode,
      ...points,
      change: changeAgainst({ rank: r.rank, total: points.total }, before.get(r.badgeNo)),
    };
  });
  const unitsBefore = new Map<string, Standing>(
    rankUnits(input.previous, org, input.units).map((u) => [u.unitCode, standing(u.rank, u.sums.total)]),
  );
  const units: PublicationUnitRow[] = rankUnits(input.current, org, input.units).map((u) => {
    const points = toPoints(u.sums);
    return {
      rank: u.rank,
      unitCode: u.unitCode,
      unitName: org.unit(u.unitCode)?.name ?? u.unitCode,
      officerCount: u.officerCount,
      ...points,
      change: changeAgainst({ rank: u.rank, total: points.total }, unitsBefore.get(u.unitCode)),
    };
  });
  const listed = new Set(rows.map((r) => r.badgeNo));
  const inactive: InactiveOfficer[] = input.idleApart
    ? org
        .officersWithin(scope)
        .filter((o) => o.active && !listed.has(o.badgeNo))
        .map((o) => {
          const unitCode = org.officer(o.badgeNo)?.unitCode ?? o.unitCode;
          return {
            badgeNo: o.badgeNo,
            name: org.officer(o.badgeNo)?.name ?? o.badgeNo,
            unitCode,
            unitName: org.unit(unitCode)?.name ?? unitCode,
          };
        })
        .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.badgeNo.localeCompare(b.badgeNo))
    : [];
  return { rows, units, inactive };
}

const standing = (rank: number, totalTenths: number): Standing => ({ rank, total: fromTenths(totalTenths) });

/** A problem as the daily notice counts it, as it stands when the notice is written. */
export interface DailyProblemFact {
  unitCode: string;
  detectedAt: number;
  ackAt: number | null;
  rectifiedAt: number | null;
  /** When it was closed or dismissed; null while it is neither. */
  closedAt: number | null;
  /** Done in time, reported late: it never was a problem and counts nowhere. */
  withdrawn: boolean;
}

/**
 * 日通报: per unit, the problems detected that day, how many of them were acknowledged and
 * rectified by the time of the notice, and how many were closed the same day (日清零).
 */
export function dailyUnitRows(
  problems: readonly DailyProblemFact[],
  day: { start: number; end: number },
  org: Pick<PublicationOrg, 'isWithin' | 'unit'>,
  units: readonly { code: string }[],
): DailyUnitRow[] {
  const counted = problems.filter((p) => !p.withdrawn && p.detectedAt >= day.start && p.detectedAt < day.end);
  return units.map((u) => {
    const mine = counted.filter((p) => org.isWithin(p.unitCode, u.code));
    const c = {
      detected: mine.length,
      acknowledged: mine.filter((p) => p.ackAt !== null).length,
      rectified: mine.filter((p) => p.rectifiedAt !== null).length,
      clearedSameDay: mine.filter((p) => p.closedAt !== null && p.closedAt < day.end).length,
    };
    return { unitCode: u.code, unitName: org.unit(u.code)?.name ?? u.code, ...c, clearRate: clearRate(c) };
  });
}
