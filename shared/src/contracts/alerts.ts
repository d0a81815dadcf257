import { z } from 'zod';
import { SEVERITIES, type Severity } from './catalogue';
import type { SubjectKind } from './events';

/** The problem life cycle (DESIGN.md "Domain"). */
export const ALERT_STATUSES = [
  'open',
  'acknowledged',
  'rectifying',
  'rectified',
  'closed',
  'dismissed',
] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_STAGES = ['warning', 'violation', 'event'] as const;
export type AlertStage = (typeof ALERT_STAGES)[number];

export const ALERT_ACTIONS = [
  'raised',
  'violated',
  'acknowledged',
  'assigned',
  'rectified',
  'verified',
  'dismissed',
  'escalated',
  'auto_escalated',
  'rectify_overdue',
  'appealed',
  'appeal_upheld',
  'appeal_rejected',
  'fulfilled',
  /** Done in time, reported late: the warning or violation no longer stands; its points are reversed. */
  'withdrawn',
  /** A withdrawn problem stands again (e.g. a re-score under a new catalogue). */
  'reraised',
  /** An approved extension (or a late report) moved the due time. */
  'due_changed',
] as const;
/**
 * How a problem ended: verified after rectification, dismissed by a supervisor, fulfilled
 * in time after its warning, or withdrawn because what it reported had been done in time.
 */
export const ALERT_RESOLUTIONS = ['verified', 'dismissed', 'fulfilled', 'withdrawn'] as const;
export type AlertResolution = (typeof ALERT_RESOLUTIONS)[number];
/** Statuses a problem never leaves by itself. */
export const FINAL_ALERT_STATUSES: readonly AlertStatus[] = ['closed', 'dismissed'];
/** Statuses of problems still waiting for someone. */
export const OPEN_ALERT_STATUSES: readonly AlertStatus[] = [
  'open',
  'acknowledged',
  'rectifying',
  'rectified',
];
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export interface AlertHistoryEntry {
  at: string;
  action: AlertAction;
  /** Username, or `system` for the sweep. */
  by: string;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus;
  note: string | null;
}

export interface Alert {
  id: string;
  ruleId: string;
  stage: AlertStage;
  severity: Severity;
  status: AlertStatus;
  unitCode: string;
  /** The unit whose supervisors it has been escalated to, if any. */
  escalatedTo: string | null;
  badgeNos: string[];
  /** The officers on it, with their names (badge numbers alone mean nothing on a wall). */
  officers: { badgeNo: string; name: string }[];
  subject: { kind: SubjectKind; ref: string };
  title: { zh: string; en: string };
  /** When the system raised it. */
  detectedAt: string;
  /** When what it reports happened: the event, or the due time for a violation (its points' month). */
  occurredAt: string;
  dueAt: string | null;
  ackBy: string | null;
  ackAt: string | null;
  assignee: string | null;
  rectifyDueAt: string | null;
  rectifiedAt: string | null;
  closedAt: string | null;
  resolution: AlertResolution | null;
  /** Points booked against each officer on it (negative), 0 when reversed or a warning. */
  points: number;
  version: number;
  history: AlertHistoryEntry[];
}

export const AlertListQuerySchema = z.object({
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(ALERT_STATUSES)))
    .optional(),
  severity: z.enum(SEVERITIES).optional(),
  unitCode: z.string().trim().min(1).max(32).optional(),
  badgeNo: z.string().trim().min(1).max(32).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;

export interface AlertPage {
  items: Alert[];
  nextCursor: string | null;
}

export const AckSchema = z.object({ version: z.number().int().positive().optional() });
export const AssignSchema = z.object({
  badgeNo: z.string().trim().min(1, 'badgeNo is required').max(32),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  version: z.number().int().positive().optional(),
});
export const RectifiedSchema = z.object({
  note: z.string().trim().min(2, 'describe the rectification').max(2000),
});
export const VerifySchema = z.object({ note: z.string().trim().max(2000).optional() });
export const DismissSchema = z.object({
  reason: z.string().trim().min(4, 'a dismissal needs a reason of at least 4 characters').max(2000),
});
export const EscalateSchema = z.object({ note: z.string().trim().max(2000).optional() });
export const AppealSchema = z.object({
  reason: z.string().trim().min(4, 'an appeal needs a reason of at least 4 characters').max(2000),
});
export const AppealDecisionSchema = z.object({
  upheld: z.boolean({ error: 'upheld must be true or false' }),
  note: z.string().trim().min(2, 'a decision needs a note').max(2000),
});

export type AppealStatus = 'pending' | 'upheld' | 'rejected';
export interface Appeal {
  id: string;
  alertId: string;
  badgeNo: string;
  reason: string;
  status: AppealStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

/** Counts for the wall's problem panel. */
export interface AlertCounts {
  open: number;
  acknowledged: number;
  overdue: number;
  /** 日清零: of today's problems, how many are already closed or dismissed. */
  today: { raised: number; cleared: number };
}
