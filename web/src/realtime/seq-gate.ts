/** Messages that carry a whole state rather than a change: they may share the seq of the changes they summarise. */
const STATE_EVENTS = new Set(['leaderboard', 'rates']);

/**
 * Drops live messages the client has already applied. Sequence numbers come from the
 * server's outbox; a snapshot resets the gate; a state message (leaderboard, rates) passes
 * when it is not older than what was applied.
 */
export class SeqGate {
  lastSeq = 0;

  accept(event: string, seq: number): boolean {
    if (event === 'snapshot') {
      this.lastSeq = seq;
      return true;
    }
    if (STATE_EVENTS.has(event)) return seq >= this.lastSeq;
    if (seq <= this.lastSeq) return false;
    this.lastSeq = seq;
    return true;
  }
}
