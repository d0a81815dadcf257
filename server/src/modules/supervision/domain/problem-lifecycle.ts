import {
  endOfDay,
  type AlertAction,
  type AlertResolution,
  type AlertStatus,
  type Severity,
  type SupervisionPolicy,
} from '@jifen/shared';

/** The part of a problem its life cycle reads and changes. */
export interface ProblemState {
  status: AlertStatus;
  resolution: AlertResolution | null;
  severity: Severity;
  unitCode: string;
  badgeNos: string[];
  ackBy: string | null;
  ackAt: number | null;
  assignee: string | null;
  rectifyDueAt: number | null;
  rectifiedAt: number | null;
  closedAt: number | null;
  escalatedTo: string | null;
  version: number;
}

export interface Actor {
  name: string;
  role: string;
  badgeNo: string | null;
}

export type Step =
  | { kind: 'acknowledge' }
  | { kind: 'assign'; badgeNo: string; dueAt?: number }
  | { kind: 'rectified'; note: string }
  | { kind: 'verify'; note?: string }
  | { kind: 'dismiss'; reason: string }
  | { kind: 'escalate'; to: string | null; note?: string; automatic?: boolean };

/** Why a step cannot be taken: a stable code and what the message needs (texts live with the adapter). */
export interface StepRefusal {
  ok: false;
  code:
    | 'ALERT.ILLEGAL_TRANSITION'
    | 'ALERT.ALREADY_ACKNOWLEDGED'
    | 'ALERT.DUE_IN_PAST'
    | 'ALERT.NOT_ASSIGNEE'
    | 'ALERT.REASON_REQUIRED'
    | 'ALERT.NO_PARENT';
  params: Record<string, string>;
}

export type StepResult =
  { ok: true; next: ProblemState; action: AlertAction; note: string | null } | StepRefusal;

const FINAL: AlertStatus[] = ['closed', 'dismissed'];

const illegal = (step: Step['kind'], status: AlertStatus): StepRefusal => ({
  ok: false,
  code: 'ALERT.ILLEGAL_TRANSITION',
  params: { step, status },
});

/** Rectification due: an explicit time, else the policy (end of the bureau's day, or N hours). */
export function rectifyDue(
  severity: Severity,
  policy: SupervisionPolicy,
  now: number,
  timeZone: string,
  explicit?: number,
): number {
  if (explicit !== undefined) return explicit;
  const rule = policy.rectifyWithin[severity];
  return rule === 'end_of_day' ? endOfDay(now, timeZone) : now + rule * 3_600_000;
}

/**
 * The problem life cycle (DESIGN.md): open → acknowledged → rectifying → rectified →
 * closed, or dismissed from any non-final status. Pure: the caller persists `next` only if
 * the stored version is still the one it read (optimistic concurrency).
 */
export function applyStep(
  p: ProblemState,
  step: Step,
  actor: Actor,
  now: number,
  ctx: { policy: SupervisionPolicy; timeZone: string },
): StepResult {
  const next: ProblemState = { ...p, version: p.version + 1 };
  switch (step.kind) {
    case 'acknowledge':
      if (p.status !== 'open') {
        if (p.ackBy)
          return {
            ok: false,
            code: 'ALERT.ALREADY_ACKNOWLEDGED',
            params: { by: p.ackBy, at: new Date(p.ackAt ?? 0).toISOString() },
          };
        return illegal(step.kind, p.status);
      }
      return {
        ok: true,
        next: { ...next, status: 'acknowledged', ackBy: actor.name, ackAt: now },
        action: 'acknowledged',
        note: null,
      };
    case 'assign':
      if (!['open', 'acknowledged', 'rectifying'].includes(p.status)) return illegal(step.kind, p.status);
      if (step.dueAt !== undefined && step.dueAt <= now)
        return { ok: false, code: 'ALERT.DUE_IN_PAST', params: {} };
      return {
        ok: true,
        next: {
          ...next,
          status: 'rectifying',
          ackBy: p.ackBy ?? actor.name,
          ackAt: p.ackAt ?? now,
          assignee: step.badgeNo,
          // Due from the raise whether or not anyone was assigned; an explicit time overrides it.
          rectifyDueAt: step.dueAt ?? p.rectifyDueAt ?? rectifyDue(p.severity, ctx.policy, now, ctx.timeZone),
        },
        action: 'assigned',
        note: step.badgeNo,
      };
    case 'rectified':
      if (p.status !== 'rectifying') return illegal(step.kind, p.status);
      if (actor.role === 'officer' && actor.badgeNo !== p.assignee)
        return { ok: false, code: 'ALERT.NOT_ASSIGNEE', params: { assignee: p.assignee ?? '' } };
      return {
        ok: true,
        next: { ...next, status: 'rectified', rectifiedAt: now },
        action: 'rectified',
        note: step.note,
      };
    case 'verify':
      if (p.status !== 'rectified') return illegal(step.kind, p.status);
      return {
        ok: true,
        next: { ...next, status: 'closed', resolution: 'verified', closedAt: now },
        action: 'verified',
        note: step.note ?? null,
      };
    case 'dismiss':
      if (FINAL.includes(p.status)) return illegal(step.kind, p.status);
      if (!step.reason.trim()) return { ok: false, code: 'ALERT.REASON_REQUIRED', params: {} };
      return {
        ok: true,
        next: { ...next, status: 'dismissed', resolution: 'dismissed', closedAt: now },
        action: 'dismissed',
        note: step.reason,
      };
    case 'escalate':
      if (FINAL.includes(p.status)) return illegal(step.kind, p.status);
      if (step.to === null)
        return { ok: false, code: 'ALERT.NO_PARENT', params: { unit: p.escalatedTo ?? p.unitCode } };
      return {
        ok: true,
        next: { ...next, escalatedTo: step.to },
        action: step.automatic ? 'auto_escalated' : 'escalated',
        note: step.note ?? step.to,
      };
  }
}

/** When an unacknowledged problem goes to the parent unit; null if its severity never escalates. */
export function escalationDueAt(
  severity: Severity,
  raisedAt: number,
  policy: SupervisionPolicy,
): number | null {
  const minutes = policy.escalateAfterMinutes[severity];
  return minutes === null ? null : raisedAt + minutes * 60_000;
}
