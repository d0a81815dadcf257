import type { AlertResolution, LedgerCause, SupervisionPolicy } from '@jifen/shared';
import type { Finding, FindingOrigin } from './finding';
import { escalationDueAt, rectifyDue } from './problem-lifecycle';
import type { HistoryDraft, ProblemRecord } from './problem-record';

/** Why a stored problem no longer stands. */
export interface Withdrawal {
  resolution: Extract<AlertResolution, 'withdrawn' | 'fulfilled'>;
  note: { zh: string; en: string };
  /** The obligation's due time now, when it still exists (an extension moved it). */
  dueAt?: number;
}

export interface SettlementContext {
  now: number;
  timeZone: string;
  /** The policy in force now: escalation and rectification are the people's clock, not the event's. */
  policy: SupervisionPolicy;
  /** Which stored problems these findings speak for (the fold: obligation and event problems). */
  origins: readonly FindingOrigin[];
  /** Explains a stored problem that has no finding any more. */
  withdrawal(p: ProblemRecord): Withdrawal;
  /** A re-score books its differences as `rescored`, anything else as `corrected`. */
  rescoring?: boolean;
}

/** A problem that changed, with what its history and ledger must say about it. */
export interface ProblemUpdate {
  record: ProblemRecord;
  history: HistoryDraft[];
  raised: boolean;
  /** Why its rows in the ledger change, if they do. */
  cause: Exclude<LedgerCause, 'scored'>;
}

const joined = (t: { zh: string; en: string }) => (t.zh === t.en ? t.zh : `${t.zh} / ${t.en}`);

/** Rectification is owed for what costs points: not for a 临期预警, not for information. */
export function owesRectification(p: Pick<ProblemRecord, 'stage' | 'severity' | 'origin'>): boolean {
  return p.stage !== 'warning' && p.severity !== 'info' && p.origin !== 'rectification';
}

function history(
  p: ProblemRecord,
  from: ProblemRecord['status'] | null,
  action: HistoryDraft['action'],
  note: string | null,
  at: number,
): HistoryDraft {
  return { at, action, by: 'system', fromStatus: from, toStatus: p.status, note };
}

function fromFinding(
  f: Finding,
): Pick<
  ProblemRecord,
  | 'ruleId'
  | 'stage'
  | 'severity'
  | 'points'
  | 'dimension'
  | 'titleZh'
  | 'titleEn'
  | 'detailZh'
  | 'detailEn'
  | 'badgeNos'
  | 'dueAt'
  | 'occurredAt'
  | 'catalogueVersion'
> {
  return {
    ruleId: f.ruleId,
    stage: f.stage,
    severity: f.severity,
    points: f.points,
    dimension: f.dimension,
    titleZh: f.title.zh,
    titleEn: f.title.en,
    detailZh: f.detail.zh,
    detailEn: f.detail.en,
    badgeNos: f.badgeNos,
    dueAt: f.dueAt,
    occurredAt: f.occurredAt,
    catalogueVersion: f.catalogueVersion,
  };
}

/** A problem as first raised from a finding: open, nobody's yet. */
export function newProblem(f: Finding, detectedAt: number): ProblemRecord {
  return {
    id: f.id,
    origin: f.origin,
    obligationId: f.obligationId,
    parentId: f.parentId,
    ...fromFinding(f),
    status: 'open',
    resolution: null,
    unitCode: f.unitCode,
    escalatedTo: null,
    waivedBadges: [],
    subjectKind: f.subjectKind,
    subjectRef: f.subjectRef,
    eventId: f.eventId,
    detectedAt,
    ackBy: null,
    ackAt: null,
    assignee: null,
    rectifyDueAt: null,
    rectifyOverdue: false,
    rectifiedAt: null,
    closedAt: null,
    escalateAt: null,
    version: 1,
  };
}

/**
 * Brings stored problems to what the findings say, keeping what people did with them: a
 * finding with no problem is raised; a warning whose due time passed becomes the violation
 * (the same problem); a problem whose finding is gone is withdrawn (closed, its points to be
 * reversed, its history saying why); a withdrawn one whose finding is back stands again.
 * Dismissed problems are settled and never change. Pure: the caller stores the records and
 * history lines and books the ledger differences.
 */
export function settleProblems(
  stored: ProblemRecord[],
  findings: Finding[],
  ctx: SettlementContext,
): ProblemUpdate[] {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const updates: ProblemUpdate[] = [];
  const changed: Exclude<LedgerCause, 'scored'> = ctx.rescoring ? 'rescored' : 'corrected';
  const { now, policy, timeZone } = ctx;
  const rectifyFrom = (p: ProblemRecord) =>
    owesRectification(p) ? rectifyDue(p.severity, policy, now, timeZone) : null;

  for (const p of stored) {
    if (!ctx.origins.includes(p.origin)) continue;
    const f = byId.get(p.id);
    byId.delete(p.id);
    // Dismissed stays dismissed: its finding is settled, never raised again.
    if (p.status === 'dismissed') continue;
    if (!f) {
      if (p.resolution === 'withdrawn' || p.resolution === 'fulfilled') continue;
      const w = ctx.withdrawal(p);
      const next: ProblemRecord = {
        ...p,
        status: 'closed',
        resolution: w.resolution,
        dueAt: w.dueAt ?? p.dueAt,
        closedAt: now,
        escalateAt: null,
        version: p.version + 1,
      };
      updates.push({
        record: next,
        history: [history(next, p.status, w.resolution, joined(w.note), now)],
        raised: false,
        cause: w.resolution === 'withdrawn' ? 'withdrawn' : changed,
      });
      continue;
    }
    if (p.resolution === 'withdrawn' || p.resolution === 'fulfilled') {
      const next: ProblemRecord = {
        ...p,
        ...fromFinding(f),
        status: 'open',
        resolution: null,
        closedAt: null,
        version: p.version + 1,
      };
      next.escalateAt = escalationDueAt(next.severity, now, policy);
      next.rectifyDueAt = rectifyFrom(next);
      next.rectifyOverdue = false;
      updates.push({
        record: next,
        history: [history(next, p.status, 'reraised', joined(f.detail), now)],
        raised: false,
        cause: changed,
      });
      continue;
    }
    if (p.stage !== f.stage) {
      const toViolation = f.stage === 'violation';
      const reopen = toViolation && (p.status === 'closed' || p.status === 'rectified');
      const next: ProblemRecord = {
        ...p,
        ...fromFinding(f),
        status: reopen ? 'open' : p.status,
        resolution: reopen ? null : p.resolution,
        closedAt: reopen ? null : p.closedAt,
        version: p.version + 1,
      };
      next.escalateAt = next.status === 'open' ? escalationDueAt(next.severity, now, policy) : null;
      if (toViolation) {
        // A new violation starts a new rectification clock; the sweep must watch it again.
        next.rectifyDueAt = rectifyFrom(next);
        next.rectifyOverdue = false;
      }
      updates.push({
        record: next,
        history: [history(next, p.status, toViolation ? 'violated' : 'due_changed', joined(f.detail), now)],
        raised: false,
        cause: changed,
      });
      continue;
    }
    const fields = fromFinding(f);
    const differs = (Object.keys(fields) as (keyof typeof fields)[]).some((k) => {
      const a = fields[k];
      const b = p[k];
      return Array.isArray(a) && Array.isArray(b) ? a.join('\u0000') !== b.join('\u0000') : a !== b;
    });
    if (!differs) continue;
    const next: ProblemRecord = { ...p, ...fields, version: p.version + 1 };
    updates.push({
      record: next,
      history: p.dueAt !== f.dueAt ? [history(next, p.status, 'due_changed', joined(f.detail), now)] : [],
      raised: false,
      cause: changed,
    });
  }

  for (const f of byId.values()) {
    const p = newProblem(f, now);
    p.escalateAt = escalationDueAt(f.severity, now, policy);
    p.rectifyDueAt = rectifyFrom(p);
    updates.push({
      record: p,
      history: [history(p, null, 'raised', joined(f.detail), now)],
      raised: true,
      cause: changed,
    });
  }
  return updates;
}
