import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AlertCounts, SnapshotMessage } from '@jifen/shared';
import { LiveData } from '../../core/realtime/live-hooks';
import { LeaderboardCache } from '../scoring/leaderboard.cache';
import { LeaderboardService } from '../scoring/leaderboard.service';

/** Problems as the live feed needs them; provided by the supervision module. */
export interface AlertFeed {
  recent(scope: string | null, badgeNo: string | null, limit: number): Promise<SnapshotMessage['alerts']>;
  counts(scope: string | null): Promise<AlertCounts>;
}
export const ALERT_FEED = Symbol('ALERT_FEED');

const WALL_ROWS = 50;

/** Assembles snapshots and leaderboards for the live layer from the product modules. */
@Injectable()
export class LiveDataService extends LiveData {
  constructor(
    private readonly leaderboard: LeaderboardService,
    private readonly cache: LeaderboardCache,
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
      counts: await this.alertCounts(scope),
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

  async alertCounts(scope: string | null): Promise<AlertCounts> {
    return this.alerts
      ? this.alerts.counts(scope)
      : { open: 0, acknowledged: 0, overdue: 0, today: { raised: 0, cleared: 0 } };
  }

  scoresChanged(badges: string[], months: string[]): Promise<void> {
    return this.cache.refresh(badges, months);
  }
}
