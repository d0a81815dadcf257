import type {
  AlertCounts,
  PrivacyMode,
  RatesMessage,
  ScoreChange,
  ServerToClientEvents,
  SnapshotMessage,
} from '@jifen/shared';
import type { RecordedScoreChange } from './live-messages';

/**
 * What the live layer needs from the product modules, provided by them so that core does
 * not import modules: leaderboards, problem counts, and the words a wall shows.
 */
export abstract class LiveData {
  abstract snapshot(
    scope: string | null,
    badgeNo: string | null,
  ): Promise<Omit<SnapshotMessage, 'seq' | 'reason'>>;
  abstract leaderboards(
    scope: string | null,
  ): Promise<{ period: string; officers: SnapshotMessage['officers']; units: SnapshotMessage['units'] }>;
  /** A scope's problem counts, or (with `badgeNo`) one officer's own, as his list shows them. */
  abstract alertCounts(scope: string | null, badgeNo?: string | null): Promise<AlertCounts>;
  /** Brings derived caches up to date with ledger changes before they are announced. */
  abstract scoresChanged(badges: string[], months: string[]): Promise<void>;
  /** Loads what `describe` needs for these changes (totals after every committed row, titles). */
  abstract prepare(changes: RecordedScoreChange[]): Promise<void>;
  /** Names, unit names, rule titles and month totals, as a wall shows a change. */
  abstract describe(changes: RecordedScoreChange[]): ScoreChange[];
  /** Materialised path of a unit (`/` for the whole organisation). */
  abstract pathOf(unitCode: string | null): string;
  /** Codes of the units in a unit's subtree, itself included (null: the whole organisation). */
  abstract unitsWithin(unitCode: string | null): string[];
  /** How a token's wall shows people (`off` for anyone but a display token). */
  abstract privacyOf(tokenId: string | null): Promise<PrivacyMode>;
  /** A message as a wall in privacy mode `mode` may receive it: names masked, server side. */
  abstract mask<E extends keyof ServerToClientEvents>(
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
    mode: PrivacyMode,
  ): Parameters<ServerToClientEvents[E]>[0];
  /** A scope's rates of the day, as the wall's gauges show them. */
  abstract rates(scope: string | null): Promise<Omit<RatesMessage, 'seq'>>;
}
