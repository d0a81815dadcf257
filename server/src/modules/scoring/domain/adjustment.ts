import { monthOf, type Dimension, type Tenths } from '@jifen/shared';
import { bookingMonth, type LedgerDraft } from './ledger-line';

/**
 * 人工调整: a supervisor's bonus or deduction with a written reason (commendation, merit,
 * discipline), in the month it is dated, or the open month as a late correction when that
 * month is already aired.
 */
export function adjustmentDraft(
  a: {
    id: string;
    badgeNo: string;
    unitCode: string;
    points: Tenths;
    dimension: Dimension;
    reason: string;
    occurredAt: number;
  },
  b: { timeZone: string; closedMonths: ReadonlySet<string>; openMonth: string; catalogueVersion: number },
): LedgerDraft {
  const forMonth = monthOf(a.occurredAt, b.timeZone);
  const { month, late } = bookingMonth(forMonth, b.closedMonths, b.openMonth);
  return {
    baseKey: `adjustment:${a.id}`,
    sourceKey: `adjustment:${a.id}:${a.badgeNo}`,
    source: 'adjustment',
    sourceRef: a.id,
    subjectId: null,
    badgeNo: a.badgeNo,
    unitCode: a.unitCode,
    forMonth,
    month,
    occurredAt: a.occurredAt,
    points: a.points,
    kind: a.points > 0 ? 'bonus' : 'deduction',
    dimension: a.dimension,
    ruleId: 'ADJUSTMENT',
    catalogueVersion: b.catalogueVersion,
    reason: a.reason,
    lateCorrection: late,
    cause: 'adjusted',
    reversesId: null,
  };
}
