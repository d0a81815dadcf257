/**
 * Drops live messages the client has already applied. Sequence numbers come from the
 * server's outbox; a snapshot resets the gate; a leaderboard is a state message that may
 * share the seq of the changes it summarises, so it passes when not older.
 */
export class SeqGate {
  lastSeq = 0;

  accept(event: string, seq: number): boolean {
    if (event === 'snapshot') {
      this.lastSeq = seq;
      return true;
    }
    if (event === 'leaderboard') return seq >= this.lastSeq;
    if (seq <= this.lastSeq) return false;
    this.lastSeq = seq;
    return true;
  }
}
