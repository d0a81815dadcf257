import { z } from 'zod';

const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day is YYYY-MM-DD');

/** The longest range one `GET /api/rates` answers, in days: a quarter. */
export const MAX_RATE_DAYS = 92;

export const RatesQuerySchema = z
  .object({
    unitCode: z.string().trim().min(1).max(32).optional(),
    /** First day, in the bureau's time zone; default: `to`. */
    from: day.optional(),
    /** Last day (inclusive); default: today. */
    to: day.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['from'],
    message: 'from must not be after to',
  });
export type RatesQuery = z.infer<typeof RatesQuerySchema>;

/**
 * One rate: `counted` of `of`, and the share as a fraction (null when nothing was there to
 * count). `pending` are things whose time limit has not run out yet: neither counted nor in
 * `of`, so a rate read during the day is never lowered by work still allowed to happen.
 */
export interface Rate {
  counted: number;
  of: number;
  pending: number;
  rate: number | null;
}

/** The daily rates of docs/RATES.md. */
export const RATE_KINDS = [
  /** 警情处置率 */
  'incidentHandling',
  /** 音视频关联率 */
  'avLinkage',
  /** 接诉即办 响应率 */
  'complaintResponse',
  /** 接诉即办 解决率 */
  'complaintResolution',
  /** 接诉即办 满意率 */
  'complaintSatisfaction',
  /** 日清零 */
  'clearToZero',
] as const;
export type RateKind = (typeof RATE_KINDS)[number];

export interface DayRates {
  /** YYYY-MM-DD in the bureau's time zone. */
  day: string;
  rates: Record<RateKind, Rate>;
}

/** The counts compared month-on-month (环比) and year-on-year (同比). */
export const COUNT_KINDS = ['criminalFiled', 'administrativeAccepted'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

export interface CountComparison {
  /** From the 1st of the month to the reference day, inclusive. */
  current: number;
  /** The same days of the previous month (环比 base). */
  previousMonth: number;
  /** The same days of the same month a year earlier (同比 base). */
  lastYear: number;
  /** (current − previousMonth) / previousMonth; null when the base is 0. */
  monthOnMonth: number | null;
  yearOnYear: number | null;
}

export interface MonthCounts {
  /** YYYY-MM. */
  month: string;
  counts: Record<CountKind, number>;
}

export interface RatesAnswer {
  /** The unit whose subtree is counted; null for the whole organisation. */
  unitCode: string | null;
  timeZone: string;
  from: string;
  to: string;
  days: DayRates[];
  /** Month to date of `to`, against the same days of the previous month and of last year. */
  comparison: { month: string; day: string; counts: Record<CountKind, CountComparison> };
  /** Thirteen months ending with the month of `to` (that month to date): the trend. */
  months: MonthCounts[];
}
