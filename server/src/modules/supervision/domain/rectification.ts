import { toTenths } from '@jifen/shared';
import type { CatalogueAt } from '../../judgement/domain/judgement-context';
import { rectificationProblemIdOf } from '../../judgement/domain/deterministic-id';
import type { Finding } from './finding';
import { owesRectification } from './problem-settlement';
import { isSettled, type ProblemRecord } from './problem-record';

/**
 * 整改超期: a problem not rectified by its rectification due time (counted from when it was
 * raised, assigned or not) raises RECTIFY_OVERDUE on top of its own points, against the
 * assignee if there is one, else the officers on it. It stands as long as its problem does:
 * a problem withdrawn or dismissed takes its RECTIFY_OVERDUE with it. Rectification runs on
 * the people's clock, so this is judged at `now` from the problems' stored life cycle.
 */
export function rectificationFindings(
  problems: readonly ProblemRecord[],
  now: number,
  catalogueAt: (at: number) => CatalogueAt,
): Finding[] {
  const out: Finding[] = [];
  for (const p of problems) {
    if (!owesRectification(p) || isSettled(p) || p.rectifyDueAt === null || p.rectifyDueAt >= now) continue;
    if (p.rectifiedAt !== null && p.rectifiedAt <= p.rectifyDueAt) continue;
    const { version, catalogue } = catalogueAt(p.rectifyDueAt);
    const rule = catalogue.problems.find((r) => r.id === 'RECTIFY_OVERDUE');
    if (!rule?.enabled) continue;
    out.push({
      id: rectificationProblemIdOf(p.id),
      origin: 'rectification',
      ruleId: rule.id,
      stage: 'event',
      severity: rule.severity,
      points: toTenths(rule.points),
      dimension: 'efficiency',
      title: rule.title,
      detail: { zh: `原问题：${p.titleZh}`, en: `problem: ${p.titleEn}` },
      subjectKind: p.subjectKind,
      subjectRef: p.subjectRef,
      unitCode: p.unitCode,
      badgeNos: p.assignee ? [p.assignee] : p.badgeNos,
      eventId: p.eventId ?? '',
      obligationId: null,
      parentId: p.id,
      dueAt: p.rectifyDueAt,
      occurredAt: p.rectifyDueAt,
      catalogueVersion: version,
    });
  }
  return out;
}
