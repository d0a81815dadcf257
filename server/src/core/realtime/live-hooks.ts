import type { AlertCounts, SnapshotMessage } from '@jifen/shared';

/**
 * What the live layer needs from the product modules, provided by them so that core does
 * not import modules: leaderboards and problem counts for a scope.
 */
export abstract class LiveData {
  abstract snapshot(
    scope: string | null,
    badgeNo: string | null,
  ): Promise<Omit<SnapshotMessage, 'seq' | 'reason'>>;
  abstract leaderboards(
    scope: string | null,
  ): Promise<{ period: string; officers: SnapshotMessage['officers']; units: SnapshotMessage['units'] }>;
  abstract alertCounts(scope: string | null): Promise<AlertCounts>;
  /** Brings derived caches up to date with ledger changes before they are announced. */
  abstract scoresChanged(badges: string[], months: string[]): Promise<void>;
}
