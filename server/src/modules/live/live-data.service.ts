import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  fromTenths,
  type AlertCounts,
  type PrivacyMode,
  type RatesMessage,
  type ScoreChange,
  type ServerToClientEvents,
  type SnapshotMessage,
} from '@jifen/shared';
import { LiveData } from '../../core/realtime/live-hooks';
import type { RecordedScoreChange } from '../../core/realtime/live-messages';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { LeaderboardCache } from '../scoring/leaderboard.cache';
import { RatesService } from '../rates/rates.service';
import { LeaderboardService } from '../scoring/leaderboard.service';
import { LiveAudience } from '../walls/live-audience';

/** Problems as the live feed needs them; provided by the supervision module. */
export interface AlertFeed {
  recent(scope: string | null, badgeNo: string | null, limit: number): Promise<SnapshotMessage['alerts']>;
  counts(scope: string | null, badgeNo?: string | null): Promise<AlertCounts>;
}
export const ALERT_FEED = Symbol('ALERT_FEED');

const WALL_ROWS = 50;

/** Assembles snapshots, leaderboards and the words of score changes for the live layer. */
@Injectable()
export class LiveDataService extends LiveData {
  /** Month totals (tenths) by `period|badge`, loaded by `prepare` from the refreshed cache. */
  private totals = new Map<string, number>();

  constructor(
    private readonly leaderboard: LeaderboardService,
    private readonly cache: LeaderboardCache,
    private readonly org: OrgService,
    private readonly catalogue: CatalogueService,
    private readonly audience: LiveAudience,
    private readonly ratesOfDay: RatesService,
    @Optional() @Inject(ALERT_FEED) private readonly alerts: AlertFeed | null = null,
  ) {
    super();
  }

  async snapshot(
    scope: string | null,
    badgeNo: string | null,
  ): Promise<Omit<SnapshotMessage, 'seq' | 'reason'>> {
    const boards = await this.leaderboards(scope);
    return {
      period: boards.period,
      officers: badgeNo ? boards.officers.filter((r) => r.badgeNo === badgeNo) : boards.officers,
      units: boards.units,
      alerts: this.alerts ? await this.alerts.recent(scope, badgeNo, 50) : [],
      counts: await this.alertCounts(scope, badgeNo),
    };
  }

  async leaderboards(scope: string | null) {
    const period = this.leaderboard.currentMonth();
    const [officers, units] = await Promise.all([
      this.leaderboard.officers(period, scope, WALL_ROWS),
      this.leaderboard.units(period, scope, WALL_ROWS),
    ]);
    return { period, officers: officers.rows, units: units.rows };
  }

  async alertCounts(scope: string | null, badgeNo: string | null = null): Promise<AlertCounts> {
    return this.alerts
      ? this.alerts.counts(badgeNo === null ? scope : null, badgeNo)
      : { open: 0, acknowledged: 0, overdue: 0, today: { raised: 0, cleared: 0 } };
  }

  scoresChanged(badges: string[], months: string[]): Promise<void> {
    return this.cache.refresh(badges, months);
  }

  async prepare(changes: RecordedScoreChange[]): Promise<void> {
    await this.catalogue.timeline();
    const totals = new Map<string, number>();
    for (const period of new Set(changes.map((c) => c.period))) {
      const { rows } = await this.cache.read(period);
      for (const r of rows)
        totals.set(`${period}|${r.badgeNo}`, (totals.get(`${period}|${r.badgeNo}`) ?? 0) + r.sums.total);
    }
    this.totals = totals;
  }

  describe(changes: RecordedScoreChange[]): ScoreChange[] {
    const d = this.org.directory;
    return changes.map((c) => ({
      badgeNo: c.badgeNo,
      name: d.officer(c.badgeNo)?.name ?? c.badgeNo,
      unitCode: c.unitCode,
      unitName: d.unit(c.unitCode)?.name ?? c.unitCode,
      period: c.period,
      forMonth: c.forMonth,
      delta: c.delta,
      total: fromTenths(this.totals.get(`${c.period}|${c.badgeNo}`) ?? 0),
      ruleId: c.ruleId,
      ruleTitle: this.catalogue.titleOf(c.catalogueVersion, c.ruleId),
      at: c.at,
    }));
  }

  pathOf(unitCode: string | null): string {
    return this.org.directory.pathOf(unitCode);
  }

  unitsWithin(unitCode: string | null): string[] {
    return this.org.directory.unitsWithin(unitCode).map((u) => u.code);
  }

  privacyOf(tokenId: string | null): Promise<PrivacyMode> {
    return this.audience.privacyOf(tokenId);
  }

  mask<E extends keyof ServerToClientEvents>(
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
    mode: PrivacyMode,
  ): Parameters<ServerToClientEvents[E]>[0] {
    return this.audience.mask(event, payload, mode);
  }

  rates(scope: string | null): Promise<Omit<RatesMessage, 'seq'>> {
    return this.ratesOfDay.live(scope);
  }
}
