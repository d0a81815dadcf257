import { Inject, Injectable } from '@nestjs/common';
import { monthOf, parsePeriod, PeriodError, type Leaderboard, type LeaderboardRow } from '@jifen/shared';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { badRequest } from '../../core/errors/domain-error';
import { OrgService } from '../org/org.service';
import { toPoints } from './domain/breakdown';
import { rankOfficers, rankUnits, type OfficerUnitSums, type RankedOfficer } from './domain/ranking';
import { LeaderboardCache } from './leaderboard.cache';

/**
 * Rankings for any month, quarter or year and any unit subtree, from the cache of ledger
 * sums. A scope's ranking is kept per cache version and organisation version, so repeated
 * reads cost a Redis round trip.
 */
@Injectable()
export class LeaderboardService {
  private ranked = new Map<string, { ver: string; org: number; rows: RankedOfficer[] }>();
  private orgVersion = 0;

  constructor(
    private readonly cache: LeaderboardCache,
    private readonly org: OrgService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    org.onChanged(() => this.orgVersion++);
  }

  currentMonth(): string {
    return monthOf(this.clock.now(), this.config.timeZone);
  }

  checkPeriod(period: string): void {
    try {
      parsePeriod(period);
    } catch (e) {
      if (e instanceof PeriodError)
        throw badRequest(
          'PERIOD.INVALID',
          `period: ${e.message}`,
          `期间格式错误：${period}（应为 YYYY-MM、YYYY-Qn 或 YYYY）`,
        );
      throw e;
    }
  }

  private async rankedOfficers(period: string, scope: string | null): Promise<RankedOfficer[]> {
    const { ver, rows } = await this.cache.read(period);
    const key = `${period}|${scope ?? ''}`;
    const memo = this.ranked.get(key);
    if (memo && memo.ver === ver && memo.org === this.orgVersion) return memo.rows;
    const ranked = rankOfficers(rows, this.org.directory, scope);
    this.ranked.set(key, { ver, org: this.orgVersion, rows: ranked });
    if (this.ranked.size > 256) this.ranked.delete(this.ranked.keys().next().value!);
    return ranked;
  }

  /** Ranked rows as the wire shows them: names, the officer's current unit, points. */
  officerRows(ranked: Iterable<RankedOfficer>, limit = Infinity): LeaderboardRow[] {
    const d = this.org.directory;
    const out: LeaderboardRow[] = [];
    for (const r of ranked) {
      if (out.length >= limit) break;
      const o = d.officer(r.badgeNo);
      const unitCode = o?.unitCode ?? '';
      out.push({
        rank: r.rank,
        badgeNo: r.badgeNo,
        name: o?.name ?? r.badgeNo,
        unitCode,
        unitName: d.unit(unitCode)?.name ?? unitCode,
        ...toPoints(r.sums),
      });
    }
    return out;
  }

  async officers(period: string, scope: string | null, limit: number): Promise<Leaderboard> {
    this.checkPeriod(period);
    return {
      period,
      scope,
      by: 'officer',
      rows: this.officerRows(await this.rankedOfficers(period, scope), limit),
    };
  }

  /** One officer's rank within a scope. */
  async rankOf(period: string, badgeNo: string, scope: string | null): Promise<number | null> {
    return (await this.rankedOfficers(period, scope)).find((r) => r.badgeNo === badgeNo)?.rank ?? null;
  }

  /** The units a ranking of a scope compares: those directly below it (or the scope alone when it has none). */
  unitsOf(scope: string | null): { code: string; name: string }[] {
    const d = this.org.directory;
    let units = d.childrenOf(scope);
    if (!units.length && scope !== null) units = [d.unit(scope)!];
    if (scope === null && units.length === 1 && d.childrenOf(units[0].code).length)
      units = d.childrenOf(units[0].code);
    return units;
  }

  unitRows(rows: Iterable<OfficerUnitSums>, scope: string | null, limit = Infinity): LeaderboardRow[] {
    const d = this.org.directory;
    return rankUnits(rows, d, this.unitsOf(scope))
      .slice(0, limit)
      .map((u) => {
        const name = d.unit(u.unitCode)?.name ?? u.unitCode;
        return {
          rank: u.rank,
          name,
          unitCode: u.unitCode,
          unitName: name,
          officerCount: u.officerCount,
          ...toPoints(u.sums),
        };
      });
  }

  async units(period: string, scope: string | null, limit: number): Promise<Leaderboard> {
    this.checkPeriod(period);
    const { rows } = await this.cache.read(period);
    return { period, scope, by: 'unit', rows: this.unitRows(rows, scope, limit) };
  }
}
