import type {
  AlertAction,
  AlertResolution,
  AlertStage,
  AlertStatus,
  Dimension,
  Severity,
  SubjectKind,
  Tenths,
} from '@jifen/shared';
import type { FindingOrigin } from './finding';

/** A problem as stored: what the judgement found plus what people have done with it. */
export interface ProblemRecord {
  id: string;
  origin: FindingOrigin;
  ruleId: string;
  obligationId: string | null;
  parentId: string | null;
  stage: AlertStage;
  severity: Severity;
  status: AlertStatus;
  resolution: AlertResolution | null;
  unitCode: string;
  escalatedTo: string | null;
  badgeNos: string[];
  /** Officers whose deduction an upheld appeal took back. */
  waivedBadges: string[];
  subjectKind: SubjectKind;
  subjectRef: string;
  titleZh: string;
  titleEn: string;
  detailZh: string;
  detailEn: string;
  eventId: string | null;
  detectedAt: number;
  occurredAt: number;
  dueAt: number | null;
  ackBy: string | null;
  ackAt: number | null;
  assignee: string | null;
  rectifyDueAt: number | null;
  rectifyOverdue: boolean;
  rectifiedAt: number | null;
  closedAt: number | null;
  escalateAt: number | null;
  /** Points per officer while it stands, in tenths (0 for a warning). */
  points: Tenths;
  dimension: Dimension;
  catalogueVersion: number;
  version: number;
}

/** One line of a problem's history, before it is stored. */
export interface HistoryDraft {
  at: number;
  action: AlertAction;
  /** Username, or `system`. */
  by: string;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus;
  note: string | null;
}

/** Does the problem cost its officers points right now? */
export function standsWithPoints(
  p: Pick<ProblemRecord, 'status' | 'resolution' | 'stage' | 'points'>,
): boolean {
  return (
    p.points !== 0 &&
    p.stage !== 'warning' &&
    p.status !== 'dismissed' &&
    p.resolution !== 'withdrawn' &&
    p.resolution !== 'fulfilled'
  );
}

/** Settled for good: a dismissed or withdrawn problem stays so (RULES.md). */
export function isSettled(p: Pick<ProblemRecord, 'status' | 'resolution'>): boolean {
  return p.status === 'dismissed' || p.resolution === 'withdrawn' || p.resolution === 'fulfilled';
}
