import type { Dimension, LedgerCause, LedgerSource, Tenths } from '@jifen/shared';

export type LedgerKind = 'base' | 'bonus' | 'deduction';

/**
 * What the ledger should hold for one source and officer: the judgement's answer before it
 * is compared with what is already booked. `baseKey` names the source (`event:E1:RULE`,
 * `problem:<id>`, `adjustment:<id>`); rows of one base and officer always add up to the
 * line the latest judgement wants.
 */
export interface LedgerLine {
  baseKey: string;
  source: LedgerSource;
  sourceRef: string;
  /** The case, incident or complaint behind it (`case:A1`); null for a manual adjustment. */
  subjectId: string | null;
  badgeNo: string;
  /** The officer's unit when the thing happened. */
  unitCode: string;
  /** The month the points belong to: when what they reward or punish happened. */
  forMonth: string;
  occurredAt: number;
  points: Tenths;
  kind: LedgerKind;
  dimension: Dimension;
  ruleId: string;
  catalogueVersion: number;
  reason: string;
}

/** An event rule's points before monthly caps are applied. */
export interface LedgerClaim extends LedgerLine {
  /** The rule's monthly cap in tenths, null when uncapped. */
  cap: Tenths | null;
}

/** A row to book: a line's difference from what is booked, in the month it is counted in. */
export interface LedgerDraft extends LedgerLine {
  /** Unique: the first row of a base and officer is `<baseKey>:<badgeNo>`, later ones add `#n`. */
  sourceKey: string;
  /** The month it is counted in: `forMonth`, or the open month for a late correction (补记). */
  month: string;
  lateCorrection: boolean;
  cause: LedgerCause;
  /** The booked row this one compensates. */
  reversesId: number | null;
}

/** Where a row lands: its own month, or the open month as a late correction (补记) when its month is aired. */
export function bookingMonth(
  forMonth: string,
  closedMonths: ReadonlySet<string>,
  openMonth: string,
): { month: string; late: boolean } {
  return closedMonths.has(forMonth) ? { month: openMonth, late: true } : { month: forMonth, late: false };
}
