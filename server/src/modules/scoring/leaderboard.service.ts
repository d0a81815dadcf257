import { Inject, Injectable } from '@nestjs/common';
import { monthOf, parsePeriod, PeriodError, type Leaderboard, type LeaderboardRow } from '@jifen/shared';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { badRequest } from '../../core/errors/domain-error';
import type { DirectoryOfficer } from '../org/org-directory';
import { OrgService } from '../org/org.service';
import {
  addBreakdown,
  compareRanking,
  emptyBreakdown,
  toPoints,
  type TenthsBreakdown,
} from './domain/breakdown';
import { LeaderboardCache } from './leaderboard.cache';

type Ranked = TenthsBreakdown & { key: string };

/**
 * Rankings for any month, quarter or year and any unit subtree. Every active officer in
 * scope is listed, idle ones with zero. The ranked list of the whole organisation is kept
 * per cache version so repeated reads cost a Redis round trip and a filter.
 */
@Injectable()
export class LeaderboardService {
  private ranked = new Map<string, { ver: string; org: number; rows: Ranked[] }>();
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

  private checkPeriod(period: string): void {
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

  private async rankedOfficers(period: string): Promise<Ranked[]> {
    const { ver, rows } = await this.cache.read(period);
    const memo = this.ranked.get(period);
    if (memo && memo.ver === ver && memo.org === this.orgVersion) return memo.rows;
    const d = this.org.directory;
    const list: Ranked[] = [];
    for (const o of d.officersWithin(null)) {
      const b = rows.get(o.badgeNo);
      if (!o.active && !b) continue;
      list.push({ ...(b ?? emptyBreakdown()), key: o.badgeNo });
    }
    list.sort(compareRanking);
    this.ranked.set(period, { ver, org: this.orgVersion, rows: list });
    if (this.ranked.size > 64) this.ranked.delete(this.ranked.keys().next().value!);
    return list;
  }

  /** The organisation's ranking narrowed to a scope, with ranks counted inside the scope. */
  private *withinScope(all: Ranked[], scope: string | null): Generator<[number, Ranked, DirectoryOfficer]> {
    const d = this.org.directory;
    let rank = 0;
    for (const r of all) {
      const o = d.officer(r.key)!;
      if (scope === null || d.isWithin(o.unitCode, scope)) yield [++rank, r, o];
    }
  }

  async officers(period: string, scope: string | null, limit: number): Promise<Leaderboard> {
    this.checkPeriod(period);
    const d = this.org.directory;
    const rows: LeaderboardRow[] = [];
    for (const [rank, r, o] of this.withinScope(await this.rankedOfficers(period), scope)) {
      if (rows.length === limit) break;
      rows.push({
        rank,
        badgeNo: o.badgeNo,
        name: o.name,
        unitCode: o.unitCode,
        unitName: d.unit(o.unitCode)?.name ?? o.unitCode,
        ...toPoints(r),
      });
    }
    return { period, scope, by: 'officer', rows };
  }

  /** One officer's rank within a scope. */
  async rankOf(period: string, badgeNo: string, scope: string | null): Promise<number | null> {
    for (const [rank, r] of this.withinScope(await this.rankedOfficers(period), scope))
      if (r.key === badgeNo) return rank;
    return null;
  }

  /** The units directly below the scope (or the scope alone when it has none), each summing its subtree. */
  async units(period: string, scope: string | null, limit: number): Promise<Leaderboard> {
    this.checkPeriod(period);
    const d = this.org.directory;
    const { rows: sums } = await this.cache.read(period);
    let units = d.childrenOf(scope);
    if (!units.length && scope !== null) units = [d.unit(scope)!];
    if (scope === null && units.length === 1 && d.childrenOf(units[0].code).length)
      units = d.childrenOf(units[0].code);
    const totals = units.map((u) => {
      const b: Ranked = { ...emptyBreakdown(), key: u.code };
      let count = 0;
      for (const o of d.officersWithin(u.code)) {
        const s = sums.get(o.badgeNo);
        if (s) addBreakdown(b, s);
        if (o.active) count++;
      }
      return { b, u, count };
    });
    totals.sort((x, y) => compareRanking(x.b, y.b));
    return {
      period,
      scope,
      by: 'unit',
      rows: totals.slice(0, limit).map(({ b, u, count }, i) => ({
        rank: i + 1,
        name: u.name,
        unitCode: u.code,
        unitName: u.name,
        officerCount: count,
        ...toPoints(b),
      })),
    };
  }
}
