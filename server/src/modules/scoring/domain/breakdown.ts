import { fromTenths, type ScoreBreakdown, type Tenths } from '@jifen/shared';

/** Sums of one officer's rows in tenths, by kind and dimension. */
export interface TenthsBreakdown {
  total: Tenths;
  base: Tenths;
  bonus: Tenths;
  deduction: Tenths;
  quantity: Tenths;
  quality: Tenths;
  efficiency: Tenths;
}

export const emptyBreakdown = (): TenthsBreakdown => ({
  total: 0,
  base: 0,
  bonus: 0,
  deduction: 0,
  quantity: 0,
  quality: 0,
  efficiency: 0,
});

export function addRow(
  b: TenthsBreakdown,
  kind: 'base' | 'bonus' | 'deduction',
  dimension: 'quantity' | 'quality' | 'efficiency',
  points: Tenths,
): void {
  b.total += points;
  b[kind] += points;
  b[dimension] += points;
}

/** The sums of a breakdown, in their stored order. */
export const BREAKDOWN_FIELDS: (keyof TenthsBreakdown)[] = [
  'total',
  'base',
  'bonus',
  'deduction',
  'quantity',
  'quality',
  'efficiency',
];

/** Adds `b` into `into`; only the sums, whatever else `into` carries (a ranking key). */
export function addBreakdown(into: TenthsBreakdown, b: TenthsBreakdown): void {
  for (const k of BREAKDOWN_FIELDS) into[k] += b[k];
}

export function toPoints(b: TenthsBreakdown): ScoreBreakdown {
  return {
    total: fromTenths(b.total),
    base: fromTenths(b.base),
    bonus: fromTenths(b.bonus),
    deduction: fromTenths(b.deduction),
    quantity: fromTenths(b.quantity),
    quality: fromTenths(b.quality),
    efficiency: fromTenths(b.efficiency),
  };
}

/**
 * DESIGN.md: ties break by fewer deductions, then more quality points, then badge number.
 * `deduction` is negative, so "fewer" means the larger (closer to zero) value first.
 */
export function compareRanking(
  a: TenthsBreakdown & { key: string },
  b: TenthsBreakdown & { key: string },
): number {
  return (
    b.total - a.total || b.deduction - a.deduction || b.quality - a.quality || a.key.localeCompare(b.key)
  );
}
