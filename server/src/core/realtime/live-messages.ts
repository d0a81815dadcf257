import type { AlertCounts, ScoreChange, ServerToClientEvents } from '@jifen/shared';
import type { OutboxEntity } from '../outbox/outbox.entity';

/** Outbox message kinds the live feed knows how to send. */
export const LIVE_KINDS = {
  score: 'score',
  alertRaised: 'alert.raised',
  alertUpdated: 'alert.updated',
} as const;

export interface LiveMessage {
  event: keyof ServerToClientEvents;
  payload: unknown;
  seq: number;
}

/** Only the changes a principal may see: everything in scope, or an officer's own. */
export type ChangeFilter = (change: ScoreChange) => boolean;
export type AlertFilter = (alert: { badgeNos: string[] }) => boolean;

/**
 * Turns stored outbox rows (already in the reader's scope) into the messages a live client
 * would have received: consecutive score rows merge into one `score.changed`, problems
 * travel one per message. Used for replays; the relay builds the same shapes live.
 */
export function toLiveMessages(
  rows: OutboxEntity[],
  counts: AlertCounts,
  keepChange: ChangeFilter,
  keepAlert: AlertFilter,
): LiveMessage[] {
  const out: LiveMessage[] = [];
  let pending: { seq: number; changes: ScoreChange[] } | null = null;
  const flush = () => {
    if (pending && pending.changes.length)
      out.push({ event: 'score.changed', payload: pending, seq: pending.seq });
    pending = null;
  };
  for (const row of rows) {
    if (row.kind === LIVE_KINDS.score) {
      const changes = (row.payload as { changes: ScoreChange[] }).changes.filter(keepChange);
      pending = pending ?? { seq: row.seq, changes: [] };
      pending.seq = row.seq;
      pending.changes.push(...changes);
      if (pending.changes.length >= 2000) flush();
    } else if (row.kind === LIVE_KINDS.alertRaised || row.kind === LIVE_KINDS.alertUpdated) {
      const alert = (row.payload as { alert: { badgeNos: string[] } }).alert;
      if (!keepAlert(alert)) continue;
      flush();
      out.push({ event: row.kind, payload: { seq: row.seq, alert, counts }, seq: row.seq });
    }
  }
  flush();
  return out;
}
