import { z } from 'zod';
import type { ScoreBreakdown } from './scores';

/**
 * Publications (DESIGN.md "Publication", RULES.md "Publication defaults"): immutable
 * snapshots per kind and period — the monthly airing (月晾晒), the quarterly notice (季通报),
 * the annual assessment (年评定) and the daily notice (日通报) — every version kept.
 */

export const PUBLICATION_KINDS = ['monthly', 'quarterly', 'annual', 'daily'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

/** The period key each kind is published for. */
export const PUBLICATION_PERIOD_PATTERNS: Record<PublicationKind, RegExp> = {
  monthly: /^\d{4}-(0[1-9]|1[0-2])$/,
  quarterly: /^\d{4}-Q[1-4]$/,
  annual: /^\d{4}$/,
  daily: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
};

const PERIOD_FORMS: Record<PublicationKind, string> = {
  monthly: 'YYYY-MM',
  quarterly: 'YYYY-Qn',
  annual: 'YYYY',
  daily: 'YYYY-MM-DD',
};

/** Null when `period` is a period of `kind`; otherwise what is wrong with it. */
export function publicationPeriodProblem(kind: PublicationKind, period: string): string | null {
  if (!PUBLICATION_PERIOD_PATTERNS[kind].test(period))
    return `a ${kind} publication's period is ${PERIOD_FORMS[kind]}, not "${period}"`;
  if (kind === 'daily') {
    const [y, m, d] = period.split('-').map(Number);
    const day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCMonth() !== m - 1) return `${period} is not a day of the calendar`;
  }
  return null;
}

export const PublicationPeriodSchema = z
  .string()
  .refine(
    (p) => PUBLICATION_KINDS.some((k) => PUBLICATION_PERIOD_PATTERNS[k].test(p)),
    'period is YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD',
  );

/** `/api/publications/:kind/:period`: the kind and a period of that kind. */
export const PublicationRefSchema = z
  .object({ kind: z.enum(PUBLICATION_KINDS), period: z.string() })
  .superRefine((r, ctx) => {
    const problem = publicationPeriodProblem(r.kind, r.period);
    if (problem) ctx.addIssue({ code: 'custom', path: ['period'], message: problem });
  });
export type PublicationRef = z.infer<typeof PublicationRefSchema>;

export const PUBLICATION_FORMATS = ['json', 'csv', 'xlsx', 'docx'] as const;
export type PublicationFormat = (typeof PUBLICATION_FORMATS)[number];

export const PublicationQuerySchema = z.object({
  format: z.enum(PUBLICATION_FORMATS).default('json'),
  version: z.coerce.number().int().min(1).optional(),
});

export const PublicationListQuerySchema = z.object({
  kind: z.enum(PUBLICATION_KINDS).optional(),
});

/** RULES.md "Publication defaults"; a bureau may change every number. */
export interface PublicationSettings {
  /** 季通报: officers and units commended. */
  commendedOfficers: number;
  commendedUnits: number;
  /** 年评定: share of ranked officers at the bottom marked ineligible (at least one). */
  ineligibleShare: number;
  /** 年评定: share of ranked officers at the top recommended. */
  recommendedShare: number;
  /** Publications readable without logging in. */
  publicAccess: boolean;
  /** Names masked wherever the public reads them. */
  privacy: boolean;
}

export const PUBLICATION_DEFAULTS: PublicationSettings = {
  commendedOfficers: 10,
  commendedUnits: 3,
  ineligibleShare: 0.05,
  recommendedShare: 0.1,
  publicAccess: false,
  privacy: true,
};

export const PublicationSettingsSchema = z.object({
  commendedOfficers: z.number().int().min(0).max(1000),
  commendedUnits: z.number().int().min(0).max(100),
  ineligibleShare: z.number().min(0).max(0.5),
  recommendedShare: z.number().min(0).max(0.5),
  publicAccess: z.boolean(),
  privacy: z.boolean(),
});

/** Against the previous period of the same kind (环比). */
export interface PeriodChange {
  previousRank: number | null;
  previousTotal: number | null;
  /** total − previous total; null when absent from the previous period. */
  totalDelta: number | null;
  /** previous rank − rank: positive is a climb; null when absent from the previous period. */
  rankDelta: number | null;
}

export interface PublicationRow extends ScoreBreakdown {
  rank: number;
  badgeNo: string;
  name: string;
  unitCode: string;
  unitName: string;
  change: PeriodChange;
  /**
   * 补记: points counted in this period (and in the total) that belong to an earlier month
   * already aired when they were booked. Absent when there are none.
   */
  lateCorrections?: number;
}

export interface PublicationUnitRow extends ScoreBreakdown {
  rank: number;
  unitCode: string;
  unitName: string;
  officerCount: number;
  change: PeriodChange;
}

export const REISSUE_CAUSES = ['appeal_upheld', 'correction'] as const;
export type ReissueCause = (typeof REISSUE_CAUSES)[number];

export interface Standing {
  rank: number;
  total: number;
}

/** One officer whose line differs between two versions. */
export interface ReissueChange {
  badgeNo: string;
  name: string;
  unitCode: string;
  unitName: string;
  before: Standing | null;
  after: Standing | null;
}

/** Why a version replaced the one before, and what changed. */
export interface ReissueNote {
  supersedes: number;
  cause: ReissueCause;
  /** Written by whoever decided (the appeal's note, the administrator's reason). */
  reason: string;
  /** What led to it: `appeal:<id>`, `adjustment:<id>`. */
  refs: string[];
  changes: ReissueChange[];
}

interface SnapshotBase {
  period: string;
  version: number;
  publishedAt: string;
  /** The highest ledger row the snapshot counts: it equals the ledger up to this mark. */
  ledgerMark: number;
  catalogueVersion: number;
  timeZone: string;
  /** Whose publication: the bureau (unit) it covers. */
  scope: { unitCode: string | null; unitName: string };
  /** Set from version 2 on. */
  reissue: ReissueNote | null;
}

export interface MonthlyAiring extends SnapshotBase {
  kind: 'monthly';
  rows: PublicationRow[];
  units: PublicationUnitRow[];
}

export interface QuarterlyNotice extends SnapshotBase {
  kind: 'quarterly';
  rows: PublicationRow[];
  units: PublicationUnitRow[];
  /** The top officers and units, as the notice commends them. */
  commended: { officers: PublicationRow[]; units: PublicationUnitRow[] };
}

export const ANNUAL_MARKS = ['recommended', 'ineligible'] as const;
export type AnnualMark = (typeof ANNUAL_MARKS)[number];

export interface AnnualRow extends PublicationRow {
  /** 推荐评优 / 取消年度评优评先资格; null for everyone between. */
  mark: AnnualMark | null;
}

/** Officers with no ledger row all year: listed apart, not ranked. */
export interface InactiveOfficer {
  badgeNo: string;
  name: string;
  unitCode: string;
  unitName: string;
}

export interface AnnualAssessment extends SnapshotBase {
  kind: 'annual';
  rows: AnnualRow[];
  inactive: InactiveOfficer[];
  units: PublicationUnitRow[];
  shares: { ineligible: number; recommended: number };
}

export interface DailyCounts {
  /** Problems detected that day. */
  detected: number;
  /** …of which acknowledged (签收), by the time of the notice. */
  acknowledged: number;
  /** …of which reported rectified (整改). */
  rectified: number;
  /** …of which closed the same day (日清零). */
  clearedSameDay: number;
  /** clearedSameDay / detected; null on a day without problems. */
  clearRate: number | null;
}

export interface DailyUnitRow extends DailyCounts {
  unitCode: string;
  unitName: string;
}

export interface DailyNotice extends SnapshotBase {
  kind: 'daily';
  units: DailyUnitRow[];
  totals: DailyCounts;
}

export type PublicationSnapshot = MonthlyAiring | QuarterlyNotice | AnnualAssessment | DailyNotice;
export type RankedPublication = MonthlyAiring | QuarterlyNotice | AnnualAssessment;

export interface PublicationSummary {
  kind: PublicationKind;
  period: string;
  version: number;
  publishedAt: string;
  versions: number[];
}

export interface PublicationRunAnswer {
  jobId: string;
}
