import type { ScoreBreakdown } from '@jifen/shared';

/** The columns of a score in the order the scheme reads them: total, its sources, its dimensions. */
export const BREAKDOWN: (keyof ScoreBreakdown)[] = [
  'total',
  'base',
  'bonus',
  'deduction',
  'quantity',
  'quality',
  'efficiency',
];
