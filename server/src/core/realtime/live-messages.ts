import type {
  Alert,
  AlertAction,
  AlertCounts,
  PublicationPublishedMessage,
  ScoreChange,
  ServerToClientEvents,
  WallConfigMessage,
} from '@jifen/shared';
import type { SequencedRow } from '../outbox/outbox.entity';

/** Outbox message kinds the live feed knows how to send. */
export const LIVE_KINDS = {
  score: 'score',
  alertRaised: 'alert.raised',
  alertUpdated: 'alert.updated',
  /** A display token's configuration; `previousPrivacy` tells the relay to make its walls reconnect. */
  wallConfig: 'wall.config',
  /** A publication's new version (payload: kind, period, version, scope): walls refresh, people are notified. */
  publication: 'publication.published',
} as const;

/** What a change of a problem knows besides the problem itself. */
export interface AlertChangeFacts {
  /** An appeal decided by this change. */
  appeal?: { id: string; badgeNo: string; upheld: boolean; note: string };
}

/**
 * The payload of `alert.raised` / `alert.updated`: the problem as the wire shows it, the
 * history actions this change appended (rows written before they were recorded lack them),
 * and the change's own facts.
 */
export interface AlertOutboxPayload extends AlertChangeFacts {
  alert: Alert;
  steps?: AlertAction[];
}

/**
 * A ledger change as the transaction recorded it. What only the moment of sending knows — the
 * officer's total after every change committed so far, names, the rule's title — is added
 * then, so that concurrent transactions never announce totals that miss each other's rows.
 */
export interface RecordedScoreChange {
  badgeNo: string;
  unitCode: string;
  period: string;
  forMonth: string;
  delta: number;
  ruleId: string;
  catalogueVersion: number;
  at: string;
}

export interface LiveMessage {
  event: keyof ServerToClientEvents;
  payload: unknown;
  seq: number;
}

/** Who a list of messages is for: a unit subtree (by path), or one officer's own changes and problems. */
export interface Audience {
  /** Materialised unit path; `/` for the whole organisation. */
  path: string;
  badgeNo: string | null;
}

/** What messages need besides the outbox rows: names, titles and totals; the problem counts of the audience. */
export interface MessageDetails {
  describe(changes: RecordedScoreChange[]): ScoreChange[];
  counts(audience: Audience): Promise<AlertCounts>;
}

/** A replayed client is not sent more score changes than this in one message. */
const MAX_CHANGES_PER_MESSAGE = 2000;

/**
 * Turns committed outbox rows into the messages an audience receives, in `seq` order:
 * consecutive ledger changes merge into one `score.changed` carrying the highest `seq` (and
 * each change its own row's, so a client can drop the part it has already applied);
 * problems travel one per message with the audience's counts. The relay (live) and the
 * replay of a resuming client both build messages here, so the two cannot differ.
 */
export async function messagesFor(
  rows: readonly SequencedRow[],
  audience: Audience,
  details: MessageDetails,
): Promise<LiveMessage[]> {
  const out: LiveMessage[] = [];
  let pending: { seq: number; changes: RecordedScoreChange[]; seqs: number[] } | null = null;
  let counts: AlertCounts | null = null;
  const flush = () => {
    if (pending?.changes.length)
      out.push({
        event: 'score.changed',
        payload: {
          seq: pending.seq,
          changes: details.describe(pending.changes).map((c, i) => ({ ...c, seq: pending!.seqs[i] })),
        },
        seq: pending.seq,
      });
    pending = null;
  };
  for (const row of rows) {
    // A publication covers its bureau: the rooms of units inside it are told too.
    const bureauWide = row.kind === LIVE_KINDS.publication && audience.path.startsWith(row.unitPath);
    if (!row.unitPath.startsWith(audience.path) && audience.badgeNo === null && !bureauWide) continue;
    if (row.kind === LIVE_KINDS.score) {
      const changes = (row.payload as { changes: RecordedScoreChange[] }).changes.filter(
        (c) => audience.badgeNo === null || c.badgeNo === audience.badgeNo,
      );
      if (!changes.length) continue;
      pending = pending ?? { seq: row.seq, changes: [], seqs: [] };
      pending.seq = row.seq;
      pending.changes.push(...changes);
      pending.seqs.push(...changes.map(() => row.seq));
      if (pending.changes.length >= MAX_CHANGES_PER_MESSAGE) flush();
    } else if (row.kind === LIVE_KINDS.alertRaised || row.kind === LIVE_KINDS.alertUpdated) {
      const alert = (row.payload as { alert: Alert }).alert;
      if (audience.badgeNo !== null && !alert.badgeNos.includes(audience.badgeNo)) continue;
      flush();
      counts = counts ?? (await details.counts(audience));
      out.push({ event: row.kind, payload: { seq: row.seq, alert, counts }, seq: row.seq });
    } else if (row.kind === LIVE_KINDS.publication && audience.badgeNo === null) {
      flush();
      const { kind, period, version, scope } = row.payload as Omit<PublicationPublishedMessage, 'seq'>;
      out.push({
        event: 'publication.published',
        payload: { seq: row.seq, kind, period, version, scope },
        seq: row.seq,
      });
    } else if (row.kind === LIVE_KINDS.wallConfig && audience.badgeNo === null) {
      flush();
      const { tokenId, version, config } = row.payload as WallConfigMessage;
      out.push({ event: 'wall.config', payload: { seq: row.seq, tokenId, version, config }, seq: row.seq });
    }
  }
  flush();
  return out;
}
