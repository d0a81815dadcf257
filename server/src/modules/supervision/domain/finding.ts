import {
  localMinute,
  toTenths,
  type Dimension,
  type Severity,
  type SubjectKind,
  type Tenths,
} from '@jifen/shared';
import { obligationProblemIdOf } from '../../judgement/domain/deterministic-id';
import { obligationStage, type ObligationState } from './obligation-tracker';

export type FindingOrigin = 'obligation' | 'event' | 'rectification';
export type FindingStage = 'warning' | 'violation' | 'event';

/**
 * A problem as the judgement of a history finds it at `now`: what stands, regardless of
 * what was raised before. Problems in the database are brought to match their findings
 * (problem-settlement.ts); a stored problem with no finding any more is withdrawn.
 */
export interface Finding {
  /** The problem's id, derived from what raised it. */
  id: string;
  origin: FindingOrigin;
  ruleId: string;
  stage: FindingStage;
  severity: Severity;
  /** Points booked against each officer on it, in tenths (≤ 0); 0 for a warning. */
  points: Tenths;
  /** 违规扣分: deadline violations cost efficiency points, other problems quality points. */
  dimension: Dimension;
  title: { zh: string; en: string };
  detail: { zh: string; en: string };
  subjectKind: SubjectKind;
  subjectRef: string;
  unitCode: string;
  badgeNos: string[];
  /** The event that opened the obligation or raised the problem. */
  eventId: string;
  obligationId: string | null;
  /** For RECTIFY_OVERDUE: the problem that was not rectified in time. */
  parentId: string | null;
  dueAt: number | null;
  /** When what it reports happened, which decides the month of its points. */
  occurredAt: number;
  catalogueVersion: number;
}

/** 临期预警 at the warning point, 超期 after the due instant, or a late fulfilment: one finding per obligation. */
export function obligationFindings(
  obligations: readonly ObligationState[],
  now: number,
  timeZone: string,
): Finding[] {
  const out: Finding[] = [];
  for (const o of obligations) {
    const stage = obligationStage(o, now);
    if (stage === 'none') continue;
    const who = o.personRef ?? o.itemRef;
    const due = localMinute(o.dueAt, timeZone);
    const late = o.fulfilledAt !== null ? localMinute(o.fulfilledAt, timeZone) : null;
    out.push({
      id: obligationProblemIdOf(o.id),
      origin: 'obligation',
      ruleId: o.ruleId,
      stage,
      severity: stage === 'warning' ? 'warning' : o.rule.severity,
      points: stage === 'warning' ? 0 : toTenths(o.rule.points),
      dimension: 'efficiency',
      title: o.rule.title,
      detail: {
        zh: `期限 ${due}${who ? ` · ${who}` : ''}${late ? ` · ${late} 才完成` : ''}`,
        en: `due ${due}${who ? ` · ${who}` : ''}${late ? ` · done only at ${late}` : ''}`,
      },
      subjectKind: o.subjectKind,
      subjectRef: o.subjectRef,
      unitCode: o.unitCode,
      badgeNos: o.badgeNos,
      eventId: o.openedByEventId,
      obligationId: o.id,
      parentId: null,
      dueAt: o.dueAt,
      occurredAt: stage === 'warning' ? o.warnAt : o.dueAt,
      catalogueVersion: o.catalogueVersion,
    });
  }
  return out;
}
