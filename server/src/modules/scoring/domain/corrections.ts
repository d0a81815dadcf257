import { monthOf, type Dimension, type Tenths } from '@jifen/shared';
import { bookingMonth, type LedgerDraft } from './ledger-draft';

interface Booking {
  timeZone: string;
  closedMonths: ReadonlySet<string>;
  openMonth: string;
  catalogueVersion: number;
}

/** A problem's deduction: its points to every officer on it (RULES.md "each problem above"). */
export function deductionRows(
  problem: {
    id: string;
    ruleId: string;
    stage: string;
    points: Tenths;
    dimension: Dimension;
    title: string;
    detectedAt: number;
  },
  officers: { badgeNo: string; unitCode: string }[],
  b: Booking,
): LedgerDraft[] {
  if (problem.points === 0) return [];
  const { month, late } = bookingMonth(monthOf(problem.detectedAt, b.timeZone), b.closedMonths, b.openMonth);
  return officers.map((o) => ({
    sourceKey: `problem:${problem.id}:${problem.stage}:${o.badgeNo}`,
    badgeNo: o.badgeNo,
    unitCode: o.unitCode,
    month,
    occurredAt: problem.detectedAt,
    points: problem.points,
    kind: 'deduction',
    dimension: problem.dimension,
    ruleId: problem.ruleId,
    catalogueVersion: b.catalogueVersion,
    source: 'problem',
    sourceRef: problem.id,
    reason: problem.title,
    lateCorrection: late,
  }));
}

/**
 * Compensating rows: a dismissal or an upheld appeal cancels what a problem booked. The
 * original rows stay; each gets its exact negation, keyed so it can happen only once.
 */
export function reversalRows(original: LedgerDraft[], cause: string, at: number, b: Booking): LedgerDraft[] {
  return original
    .filter((r) => r.points !== 0)
    .map((r) => {
      const { month, late } = bookingMonth(r.month, b.closedMonths, b.openMonth);
      return {
        ...r,
        sourceKey: `reversal:${r.sourceKey}`,
        month,
        occurredAt: at,
        points: -r.points,
        source: 'reversal' as const,
        reason: `${cause} · 冲销 ${r.reason}`,
        lateCorrection: late,
      };
    });
}

/** A supervisor's manual adjustment: bonus when positive, deduction when negative. */
export function adjustmentRow(
  a: {
    id: string;
    badgeNo: string;
    unitCode: string;
    points: Tenths;
    dimension: Dimension;
    reason: string;
    occurredAt: number;
  },
  b: Booking,
): LedgerDraft {
  const { month, late } = bookingMonth(monthOf(a.occurredAt, b.timeZone), b.closedMonths, b.openMonth);
  return {
    sourceKey: `adjustment:${a.id}`,
    badgeNo: a.badgeNo,
    unitCode: a.unitCode,
    month,
    occurredAt: a.occurredAt,
    points: a.points,
    kind: a.points > 0 ? 'bonus' : 'deduction',
    dimension: a.dimension,
    ruleId: 'ADJUSTMENT',
    catalogueVersion: b.catalogueVersion,
    source: 'adjustment',
    sourceRef: a.id,
    reason: a.reason,
    lateCorrection: late,
  };
}
