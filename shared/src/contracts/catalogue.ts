import { z } from 'zod';
import { CASE_KINDS, EVENT_TYPES, MEASURES } from './events';

export const RULE_KINDS = ['base', 'bonus', 'deduction'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const DIMENSIONS = ['quantity', 'quality', 'efficiency'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Points on the wire: one decimal, stored as integer tenths. */
export const Points = z
  .number()
  .finite()
  .refine((v) => Math.abs(Math.round(v * 10) - v * 10) < 1e-6, 'points have at most one decimal');

const Title = z.object({ zh: z.string().min(1).max(120), en: z.string().min(1).max(120) });

/** Conditions an event must meet for a rule to fire; all given ones must hold. */
export const EventConditionSchema = z.object({
  caseKind: z.enum(CASE_KINDS).optional(),
  measure: z.enum(MEASURES).optional(),
  /** data fields that must equal the given value, e.g. `{ firstTime: true }`. */
  dataEquals: z.record(z.string(), z.union([z.string(), z.boolean(), z.number()])).optional(),
});
export type EventCondition = z.infer<typeof EventConditionSchema>;

export const EventTriggerSchema = z.object({
  event: z.enum(EVENT_TYPES),
  when: EventConditionSchema.optional(),
});
export type EventTrigger = z.infer<typeof EventTriggerSchema>;

/** Triggers that need the subject's history rather than one event. */
export const DERIVED_TRIGGERS = ['early_conclusion', 'fast_av_link'] as const;
export type DerivedTrigger = (typeof DERIVED_TRIGGERS)[number];

export const ScoringRuleSchema = z.object({
  id: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'rule ids are upper-case words joined by _'),
  title: Title,
  kind: z.enum(['base', 'bonus']),
  dimension: z.enum(DIMENSIONS),
  trigger: z.union([EventTriggerSchema, z.object({ derived: z.enum(DERIVED_TRIGGERS) })]),
  primary: Points,
  assistant: Points,
  monthlyCap: Points.positive().nullable().default(null),
  /** For derived triggers: the fraction of the limit (early_conclusion) or hours (fast_av_link). */
  parameter: z.number().positive().optional(),
  enabled: z.boolean().default(true),
});
export type ScoringRule = z.infer<typeof ScoringRuleSchema>;

export const DURATION_UNITS = ['hours', 'days', 'months'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const DurationSchema = z.object({ amount: z.number().int().positive(), unit: z.enum(DURATION_UNITS) });
export type Duration = z.infer<typeof DurationSchema>;

/** How an obligation finds its fulfilling event: same subject, or also the same person or item. */
export const OBLIGATION_MATCH = ['subject', 'person', 'item'] as const;
export type ObligationMatch = (typeof OBLIGATION_MATCH)[number];

export const ObligationRuleSchema = z.object({
  id: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/),
  title: Title,
  opens: z.array(EventTriggerSchema).min(1),
  fulfils: z.array(EventTriggerSchema).min(1),
  match: z.enum(OBLIGATION_MATCH),
  limit: DurationSchema,
  /** The longest the limit may become through approved extensions (the limit itself when none allowed). */
  maxLimit: DurationSchema,
  /** Limits on a person's custody never move past holidays (CPL art. 105). */
  custody: z.boolean(),
  severity: z.enum(SEVERITIES),
  points: Points.nonpositive(),
  legalBasis: z.string().max(200).default(''),
  enabled: z.boolean().default(true),
});
export type ObligationRule = z.infer<typeof ObligationRuleSchema>;

export const EVENT_PROBLEM_IDS = [
  'REVIEW_RETURNED',
  'PROSECUTION_RETURNED',
  'CASE_OVERTURNED',
  'COMPLAINT_SUBSTANTIATED',
  'SEIZURE_BEFORE_CASE',
  'OUT_OF_ORDER',
  'RECTIFY_OVERDUE',
  'LATE_ENTRY',
] as const;
export type EventProblemId = (typeof EVENT_PROBLEM_IDS)[number];

export const ProblemRuleSchema = z.object({
  id: z.enum(EVENT_PROBLEM_IDS),
  title: Title,
  severity: z.enum(SEVERITIES),
  points: Points.nonpositive(),
  enabled: z.boolean().default(true),
});
export type ProblemRule = z.infer<typeof ProblemRuleSchema>;

export const SupervisionPolicySchema = z.object({
  /** Minutes an unacknowledged problem waits before it goes to the parent unit; null never escalates. */
  escalateAfterMinutes: z.object({
    critical: z.number().int().positive().nullable(),
    warning: z.number().int().positive().nullable(),
    info: z.number().int().positive().nullable(),
  }),
  /** Rectification due: end of the bureau's day (warnings) or hours after assignment (critical). */
  rectifyWithin: z.object({
    critical: z.union([z.literal('end_of_day'), z.number().int().positive()]),
    warning: z.union([z.literal('end_of_day'), z.number().int().positive()]),
    info: z.union([z.literal('end_of_day'), z.number().int().positive()]),
  }),
  /** Share of the allowed time after which a warning is raised. */
  warnAt: z.number().gt(0).lt(1),
  /** 录入不及时: a step reported more than this many hours after it happened raises LATE_ENTRY. */
  lateEntryAfterHours: z
    .number()
    .positive()
    .max(24 * 366)
    .default(24),
});
export type SupervisionPolicy = z.infer<typeof SupervisionPolicySchema>;

export const RuleCatalogueSchema = z
  .object({
    scoring: z.array(ScoringRuleSchema),
    obligations: z.array(ObligationRuleSchema),
    problems: z.array(ProblemRuleSchema),
    supervision: SupervisionPolicySchema,
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    for (const [list, rules] of [
      ['scoring', c.scoring],
      ['obligations', c.obligations],
      ['problems', c.problems],
    ] as const) {
      rules.forEach((r, i) => {
        if (seen.has(r.id))
          ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `rule id ${r.id} is used twice` });
        seen.add(r.id);
      });
    }
  });
export type RuleCatalogue = z.infer<typeof RuleCatalogueSchema>;

export interface CatalogueVersion {
  version: number;
  createdAt: string;
  createdBy: string | null;
  note: string;
  /**
   * Events that happened from this instant on are judged under this version (unless a later
   * version takes over). Saving without a re-score: the moment of saving; with a re-score:
   * the start of the open month.
   */
  effectiveFrom: string;
  catalogue: RuleCatalogue;
}

export const PublishRulesSchema = z.object({
  catalogue: z.unknown(),
  note: z.string().trim().min(2, 'say why the rules change').max(500),
  /** Re-judge the open month under the new version; differences are booked as compensating rows. */
  rescore: z.boolean().default(false),
});
export type PublishRulesBody = z.infer<typeof PublishRulesSchema>;

export interface PublishRulesAnswer extends CatalogueVersion {
  /** The background job that re-scores the open month, when asked for. */
  rescoreJobId: string | null;
}

export const RulePreviewSchema = z.object({
  catalogue: z.unknown(),
  period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'period is YYYY-MM, YYYY-Qn or YYYY'),
});
export type RulePreviewBody = z.infer<typeof RulePreviewSchema>;

/** One officer or unit in a rule preview: where it stands now and under the draft. */
export interface RulePreviewRow {
  badgeNo?: string;
  name: string;
  unitCode: string;
  unitName: string;
  current: { rank: number; total: number };
  draft: { rank: number; total: number };
  /** Positive: moves up (a smaller rank number). */
  rankChange: number;
  totalChange: number;
}

export interface RulePreviewAnswer {
  period: string;
  currentVersion: number;
  officers: RulePreviewRow[];
  units: RulePreviewRow[];
  /** How many events the draft was run over, and how long it took. */
  events: number;
  elapsedMs: number;
}
