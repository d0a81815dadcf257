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

export const LEDGER_SOURCES = ['event', 'problem', 'adjustment'] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

/**
 * Why a row was booked. The first row of a source is `scored`; every later row for the same
 * source is a compensating row saying why the earlier ones no longer stand as they were.
 */
export const LEDGER_CAUSES = [
  'scored',
  /** done in time, reported late: the problem's deduction is reversed */
  'withdrawn',
  'dismissed',
  'appeal_upheld',
  /** a new catalogue version re-scored the month */
  'rescored',
  /** a late report changed what an earlier event earned (facts, caps, membership, holidays) */
  'corrected',
  'adjusted',
] as const;
export type LedgerCause = (typeof LEDGER_CAUSES)[number];

export interface LedgerRowView {
  id: string;
  /** The month the row is counted in (the open month for a late correction). */
  period: string;
  /** The month the row belongs to: when what it rewards or punishes happened. */
  forMonth: string;
  /** The unit the officer belonged to when it happened: the points count there. */
  unitCode: string;
  occurredAt: string;
  points: number;
  kind: 'base' | 'bonus' | 'deduction';
  dimension: (typeof DIMENSIONS)[number];
  ruleId: string;
  ruleTitle: { zh: string; en: string };
  catalogueVersion: number;
  source: LedgerSource;
  sourceRef: string;
  cause: LedgerCause;
  reason: string;
  /** 补记: booked into the open month because `forMonth` was already aired. */
  lateCorrection: boolean;
  /** The row this one compensates, if any. */
  reverses: string | null;
  /** The event behind the row (event rows, and the event that raised a problem). */
  event: { eventId: string; type: string; occurredAt: string; subject: { kind: string; ref: string } } | null;
  /** The problem behind a deduction. */
  problem: { id: string; ruleId: string; title: { zh: string; en: string }; stage: string } | null;
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
