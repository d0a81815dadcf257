import {
  endOfDay,
  type AlertAction,
  type AlertStatus,
  type Severity,
  type SupervisionPolicy,
} from '@jifen/shared';

/** The part of a problem its life cycle reads and changes. */
export interface ProblemState {
  status: AlertStatus;
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

export type StepResult =
  | { ok: true; next: ProblemState; action: AlertAction; note: string | null }
  | { ok: false; code: string; message: string; messageZh: string };

const FINAL: AlertStatus[] = ['closed', 'dismissed'];
const STATUS_ZH: Record<AlertStatus, string> = {
  open: '待确认',
  acknowledged: '已确认',
  rectifying: '整改中',
  rectified: '已整改',
  closed: '已办结',
  dismissed: '已撤销',
};

const illegal = (action: string, actionZh: string, status: AlertStatus): StepResult => ({
  ok: false,
  code: 'ALERT.ILLEGAL_TRANSITION',
  message: `cannot ${action} a problem that is ${status}`,
  messageZh: `问题当前状态为“${STATUS_ZH[status]}”，不能${actionZh}`,
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
        if (p.ackBy) {
          return {
            ok: false,
            code: 'ALERT.ALREADY_ACKNOWLEDGED',
            message: `already acknowledged by ${p.ackBy} at ${new Date(p.ackAt ?? 0).toISOString()}`,
            messageZh: `该问题已由 ${p.ackBy} 确认`,
          };
        }
        return illegal('acknowledge', '确认', p.status);
      }
      return {
        ok: true,
        next: { ...next, status: 'acknowledged', ackBy: actor.name, ackAt: now },
        action: 'acknowledged',
        note: null,
      };
    case 'assign':
      if (!['open', 'acknowledged', 'rectifying'].includes(p.status))
        return illegal('assign', '指派整改', p.status);
      if (step.dueAt !== undefined && step.dueAt <= now) {
        return {
          ok: false,
          code: 'ALERT.DUE_IN_PAST',
          message: 'dueAt: the rectification due time must be in the future',
          messageZh: '整改期限必须晚于当前时间',
        };
      }
      return {
        ok: true,
        next: {
          ...next,
          status: 'rectifying',
          ackBy: p.ackBy ?? actor.name,
          ackAt: p.ackAt ?? now,
          assignee: step.badgeNo,
          rectifyDueAt: rectifyDue(p.severity, ctx.policy, now, ctx.timeZone, step.dueAt),
        },
        action: 'assigned',
        note: step.badgeNo,
      };
    case 'rectified':
      if (p.status !== 'rectifying') return illegal('report a rectification of', '报告整改', p.status);
      if (actor.role === 'officer' && actor.badgeNo !== p.assignee) {
        return {
          ok: false,
          code: 'ALERT.NOT_ASSIGNEE',
          message: `only the assignee ${p.assignee} may report this rectification`,
          messageZh: `只有被指派的民警 ${p.assignee} 可以报告整改`,
        };
      }
      return {
        ok: true,
        next: { ...next, status: 'rectified', rectifiedAt: now },
        action: 'rectified',
        note: step.note,
      };
    case 'verify':
      if (p.status !== 'rectified') return illegal('verify', '核验', p.status);
      return {
        ok: true,
        next: { ...next, status: 'closed', closedAt: now },
        action: 'verified',
        note: step.note ?? null,
      };
    case 'dismiss':
      if (FINAL.includes(p.status)) return illegal('dismiss', '撤销', p.status);
      if (!step.reason.trim())
        return {
          ok: false,
          code: 'ALERT.REASON_REQUIRED',
          message: 'reason: a dismissal needs a reason',
          messageZh: '撤销必须填写理由',
        };
      return {
        ok: true,
        next: { ...next, status: 'dismissed', closedAt: now },
        action: 'dismissed',
        note: step.reason,
      };
    case 'escalate':
      if (FINAL.includes(p.status)) return illegal('escalate', '升级', p.status);
      if (step.to === null) {
        return {
          ok: false,
          code: 'ALERT.NO_PARENT',
          message: `unit ${p.escalatedTo ?? p.unitCode} has no parent unit to escalate to`,
          messageZh: '已是最高一级单位，无法升级',
        };
      }
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
