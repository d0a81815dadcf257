import type { Dimension, Tenths } from '@jifen/shared';

/** A ledger row before it is stored; the engine's whole output. */
export interface LedgerDraft {
  /** Idempotency key: booking the same source twice is impossible. */
  sourceKey: string;
  badgeNo: string;
  unitCode: string;
  month: string;
  occurredAt: number;
  points: Tenths;
  kind: 'base' | 'bonus' | 'deduction';
  dimension: Dimension;
  ruleId: string;
  catalogueVersion: number;
  source: 'event' | 'problem' | 'adjustment' | 'reversal';
  sourceRef: string;
  reason: string;
  lateCorrection: boolean;
}

/** Where a row lands: its own month, or the open month as a late correction (补记) when its month is aired. */
export function bookingMonth(
  month: string,
  closedMonths: ReadonlySet<string>,
  openMonth: string,
): { month: string; late: boolean } {
  return closedMonths.has(month) ? { month: openMonth, late: true } : { month, late: false };
}
