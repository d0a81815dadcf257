import type { Alert, AlertHistoryEntry } from '@jifen/shared';
import { fromTenths } from '@jifen/shared';
import { isoOrNull } from '../../core/database/columns';
import { standsWithPoints } from './domain/problem-record';
import type { ProblemEntity, ProblemHistoryEntity } from './supervision.entities';

/** A stored problem as the wire contract's Alert. */
export function toAlert(
  p: ProblemEntity,
  history: ProblemHistoryEntity[],
  nameOf: (badgeNo: string) => string,
): Alert {
  return {
    id: p.id,
    ruleId: p.ruleId,
    stage: p.stage,
    severity: p.severity,
    status: p.status,
    unitCode: p.unitCode,
    escalatedTo: p.escalatedTo,
    badgeNos: p.badgeNos,
    officers: p.badgeNos.map((badgeNo) => ({ badgeNo, name: nameOf(badgeNo) })),
    subject: { kind: p.subjectKind, ref: p.subjectRef },
    title: { zh: p.titleZh, en: p.titleEn },
    detectedAt: new Date(p.detectedAt).toISOString(),
    occurredAt: new Date(p.occurredAt).toISOString(),
    dueAt: isoOrNull(p.dueAt),
    ackBy: p.ackBy,
    ackAt: isoOrNull(p.ackAt),
    assignee: p.assignee,
    rectifyDueAt: isoOrNull(p.rectifyDueAt),
    rectifiedAt: isoOrNull(p.rectifiedAt),
    closedAt: isoOrNull(p.closedAt),
    resolution: p.resolution,
    points: standsWithPoints(p) ? fromTenths(p.points) : 0,
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
