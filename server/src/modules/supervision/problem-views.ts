import type { Alert, AlertHistoryEntry } from '@jifen/shared';
import { fromTenths } from '@jifen/shared';
import type { ProblemEntity, ProblemHistoryEntity } from './supervision.entities';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A stored problem as the wire contract's Alert. */
export function toAlert(p: ProblemEntity, history: ProblemHistoryEntity[]): Alert {
  return {
    id: p.id,
    ruleId: p.ruleId,
    stage: p.stage,
    severity: p.severity,
    status: p.status,
    unitCode: p.unitCode,
    escalatedTo: p.escalatedTo,
    badgeNos: p.badgeNos,
    subject: { kind: p.subjectKind, ref: p.subjectRef },
    title: { zh: p.titleZh, en: p.titleEn },
    detectedAt: new Date(p.detectedAt).toISOString(),
    dueAt: iso(p.dueAt),
    ackBy: p.ackBy,
    ackAt: iso(p.ackAt),
    assignee: p.assignee,
    rectifyDueAt: iso(p.rectifyDueAt),
    rectifiedAt: iso(p.rectifiedAt),
    closedAt: iso(p.closedAt),
    points: fromTenths(p.points),
    version: p.version,
    history: history.map((h): AlertHistoryEntry => ({
      at: new Date(h.at).toISOString(),
      action: h.action,
      by: h.by,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      note: h.note,
    })),
  };
}
