/**
 * Payloads of background jobs that travel between processes through Redis (an API node
 * enqueues, a worker runs), so both sides share one definition.
 */

/** What changed besides events, and so which subjects must be judged again. */
export type RefoldRequest =
  /** A catalogue version re-scores from `from` (the start of the open month, epoch ms). */
  | { kind: 'rescore'; version: number; from: number }
  /** The holiday calendar of a year changed: deadlines may move. */
  | { kind: 'holidays'; year: number; at: number }
  /** Officers moved to another unit from a date in the past: their points move with the date. */
  | { kind: 'transfers'; transfers: { badgeNo: string; since: number }[]; at: number };
