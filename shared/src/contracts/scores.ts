import { z } from 'zod';
import { DIMENSIONS, Points } from './catalogue';

export const LeaderboardQuerySchema = z.object({
  period: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'period is YYYY-MM, YYYY-Qn or YYYY')
    .optional(),
  unitCode: z.string().trim().min(1).max(32).optional(),
  by: z.enum(['officer', 'unit']).default('officer'),
  limit: z.coerce.number().int().min(1).max(100_000).default(100),
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuerySchema>;

/** Sums over the ledger for one officer (or unit) and period, in points. */
export interface ScoreBreakdown {
  total: number;
  base: number;
  bonus: number;
  deduction: number;
  quantity: number;
  quality: number;
  efficiency: number;
}

export interface LeaderboardRow extends ScoreBreakdown {
  rank: number;
  /** Absent on unit rows. */
  badgeNo?: string;
  name: string;
  unitCode: string;
  unitName: string;
  /** Unit rows: the officers counted. */
  officerCount?: number;
}

export interface Leaderboard {
  period: string;
  scope: string | null;
  by: 'officer' | 'unit';
  rows: LeaderboardRow[];
}

export interface LedgerRowView {
  id: string;
  period: string;
  occurredAt: string;
  points: number;
  kind: 'base' | 'bonus' | 'deduction';
  dimension: (typeof DIMENSIONS)[number];
  ruleId: string;
  catalogueVersion: number;
  source: 'event' | 'problem' | 'adjustment' | 'reversal';
  sourceRef: string;
  reason: string;
  lateCorrection: boolean;
}

export interface OfficerScore {
  badgeNo: string;
  name: string;
  unitCode: string;
  period: string;
  rank: number | null;
  breakdown: ScoreBreakdown;
  ledger: LedgerRowView[];
}

export const AdjustmentSchema = z.object({
  badgeNo: z.string().trim().min(1).max(32),
  points: Points.refine((v) => v !== 0, 'points must not be zero').refine(
    (v) => Math.abs(v) <= 100,
    'at most 100 points at once',
  ),
  dimension: z.enum(DIMENSIONS),
  reason: z.string().trim().min(4, 'a reason of at least 4 characters is required').max(500),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});
export type AdjustmentBody = z.infer<typeof AdjustmentSchema>;
