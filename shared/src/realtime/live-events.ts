import type { Alert, AlertCounts } from '../contracts/alerts';
import type { NotificationMessage } from '../contracts/notifications';
import type { PublicationKind } from '../contracts/publications';
import type { RatesAnswer } from '../contracts/rates';
import type { LeaderboardRow } from '../contracts/scores';
import type { WallConfig } from '../contracts/walls';

/** Socket.IO namespace of the live feed. */
export const LIVE_NAMESPACE = '/live';

export interface ScoreChange {
  badgeNo: string;
  /** The officer's name (masked for a privacy wall). */
  name: string;
  unitCode: string;
  unitName: string;
  period: string;
  /** The month the change belongs to; differs from `period` for a late correction (补记). */
  forMonth: string;
  /** Points added (negative for deductions and reversals). */
  delta: number;
  /** The officer's month total after the change. */
  total: number;
  ruleId: string;
  ruleTitle: { zh: string; en: string };
  at: string;
  /**
   * The outbox row that recorded the change. A message merges consecutive rows, so a replay and
   * the live feed can overlap inside one message: a client drops the changes of rows it applied.
   */
  seq?: number;
}

export interface ScoreChangedMessage {
  /** Highest outbox sequence number in the window. */
  seq: number;
  changes: ScoreChange[];
}

export interface LeaderboardMessage {
  seq: number;
  period: string;
  scope: string | null;
  by: 'officer' | 'unit';
  rows: LeaderboardRow[];
}

export interface AlertMessage {
  seq: number;
  alert: Alert;
  counts: AlertCounts;
}

export interface HelloMessage {
  /** The latest sequence number committed; a client that saw it is up to date. */
  seq: number;
  scope: string | null;
  role: string;
  serverTime: string;
  timeZone: string;
}

/** Sent instead of a replay when the client is too far behind (or new): start over from this. */
export interface SnapshotMessage {
  seq: number;
  reason: 'initial' | 'too_far_behind';
  period: string;
  officers: LeaderboardRow[];
  units: LeaderboardRow[];
  alerts: Alert[];
  counts: AlertCounts;
}

/** Today's rates and the month's comparisons for a scope; a state message like `leaderboard`. */
export interface RatesMessage {
  seq: number;
  scope: string | null;
  rates: RatesAnswer;
}

/**
 * A display token's wall configuration changed: the wall with that token applies it without
 * a reload. Sent to the rooms of the token's unit; other clients ignore it.
 */
export interface WallConfigMessage {
  seq: number;
  tokenId: string;
  version: number;
  config: WallConfig;
}

/**
 * A publication's new version (a monthly airing, a notice, a re-issue): a wall or a page
 * showing publications reads it again. Sent to the rooms of the bureau it covers.
 */
export interface PublicationPublishedMessage {
  seq: number;
  kind: PublicationKind;
  period: string;
  version: number;
  scope: { unitCode: string | null; unitName: string };
}

export interface ResumeRequest {
  afterSeq: number;
}

export interface ResumeAnswer {
  ok: boolean;
  /** How many missed messages were replayed; -1 when a snapshot was sent instead. */
  replayed: number;
  error?: string;
}

export interface ServerToClientEvents {
  hello: (msg: HelloMessage) => void;
  snapshot: (msg: SnapshotMessage) => void;
  'score.changed': (msg: ScoreChangedMessage) => void;
  leaderboard: (msg: LeaderboardMessage) => void;
  'alert.raised': (msg: AlertMessage) => void;
  'alert.updated': (msg: AlertMessage) => void;
  /**
   * To the recipient's own sockets only. Not sequenced with the outbox: the inbox in
   * Postgres is the record, so a client that reconnects re-reads its unread count.
   */
  notification: (msg: NotificationMessage) => void;
  rates: (msg: RatesMessage) => void;
  'wall.config': (msg: WallConfigMessage) => void;
  'publication.published': (msg: PublicationPublishedMessage) => void;
}

export interface ClientToServerEvents {
  resume: (req: ResumeRequest, answer?: (a: ResumeAnswer) => void) => void;
}

/** Sent at most this often per room; DESIGN.md asks for windows of at most 100 ms. */
export const SCORE_WINDOW_MS = 100;
/** Leaderboards are coalesced further: a burst yields a handful. */
export const LEADERBOARD_WINDOW_MS = 1000;
/** Rates are recomputed for a room at most this often. */
export const RATES_WINDOW_MS = 10_000;
/** A client further behind than this many outbox rows gets a snapshot instead of a replay. */
export const MAX_REPLAY = 5000;
