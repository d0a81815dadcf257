import {
  monthOf,
  shareOfLimitDueAt,
  toTenths,
  type CaseEvent,
  type EventCondition,
  type HolidayCalendar,
  type ScoringRule,
} from '@jifen/shared';
import { caseKindOf, type SubjectFacts } from '../../cases/domain/subject-facts';
import type { CatalogueAt } from '../../judgement/domain/judgement-context';
import { subjectIdOf, type RecordedEvent } from '../../judgement/domain/recorded-event';
import type { ObligationState } from '../../supervision/domain/obligation-tracker';
import type { LedgerClaim } from './ledger-line';

/** The obligation whose clock "half its time limit" is measured on (RULES.md BONUS_EARLY_CONCLUSION). */
export const EARLY_CONCLUSION_OBLIGATION = 'ADM_CASE_30D';

export interface ScoringOptions {
  timeZone: string;
  holidays: HolidayCalendar;
  unitOf(badgeNo: string, at: number): string | undefined;
  /** The subject's latest obligation of a rule opened before this event. */
  obligation(ruleId: string): ObligationState | undefined;
}

const HOUR = 3_600_000;

/**
 * 积分规则 → 积分流水: the points one event claims under the catalogue version that judges
 * its instant, before monthly caps. Pure: the same event, facts and version always give the
 * same claims with the same keys, which is what makes a late report, a replay and a preview
 * agree with live scoring.
 *
 * `facts` is the subject as it was just before this event in event order.
 */
export function scoreEvent(
  event: RecordedEvent,
  facts: SubjectFacts | null,
  { version, catalogue }: CatalogueAt,
  opts: ScoringOptions,
): LedgerClaim[] {
  const claims: LedgerClaim[] = [];
  const forMonth = monthOf(event.at, opts.timeZone);
  for (const rule of catalogue.scoring) {
    if (!rule.enabled || !fires(rule, event, facts, catalogue.obligations, opts)) continue;
    for (const officer of event.officers) {
      const unitCode = opts.unitOf(officer.badgeNo, event.at);
      if (!unitCode) continue;
      const points = toTenths(officer.role === 'primary' ? rule.primary : rule.assistant);
      if (points === 0) continue;
      claims.push({
        baseKey: `event:${event.eventId}:${rule.id}`,
        source: 'event',
        sourceRef: event.eventId,
        subjectId: subjectIdOf(event),
        badgeNo: officer.badgeNo,
        unitCode,
        forMonth,
        occurredAt: event.at,
        points,
        kind: rule.kind,
        dimension: rule.dimension,
        ruleId: rule.id,
        catalogueVersion: version,
        reason: `${rule.title.zh} · ${event.subject.ref}（${officer.role === 'primary' ? '主办' : '协办'}）`,
        cap: rule.monthlyCap === null ? null : toTenths(rule.monthlyCap),
      });
    }
  }
  return claims;
}

function fires(
  rule: ScoringRule,
  event: RecordedEvent,
  facts: SubjectFacts | null,
  obligationRules: CatalogueAt['catalogue']['obligations'],
  opts: ScoringOptions,
): boolean {
  const t = rule.trigger;
  if ('event' in t) return t.event === event.type && conditionHolds(t.when, event, facts);
  switch (t.derived) {
    case 'early_conclusion': {
      // 提前办结: an administrative case concluded within a share of its limit, on the obligation's clock.
      if (event.type !== 'case.concluded' || caseKindOf(facts, event) !== 'administrative') return false;
      const o = opts.obligation(EARLY_CONCLUSION_OBLIGATION);
      const accepted = o?.openedAt ?? facts?.firstAt['case.accepted'];
      const limitRule = o?.rule ?? obligationRules.find((r) => r.id === EARLY_CONCLUSION_OBLIGATION);
      if (accepted === undefined || !limitRule) return false;
      const by = shareOfLimitDueAt(accepted, limitRule, o?.extensions ?? [], rule.parameter ?? 0.5, opts);
      return event.at <= by;
    }
    case 'fast_av_link': {
      // 音视频快速关联: linked within N hours of the incident being handled.
      if (event.type !== 'av.linked') return false;
      const handled = facts?.firstAt['incident.handled'];
      return (
        handled !== undefined && event.at >= handled && event.at - handled <= (rule.parameter ?? 2) * HOUR
      );
    }
  }
}

/** Does an event meet a trigger's conditions? Scoring and obligations read triggers the same way. */
export function conditionHolds(
  when: EventCondition | undefined,
  event: CaseEvent,
  facts: SubjectFacts | null,
): boolean {
  if (!when) return true;
  if (when.measure !== undefined && event.data.measure !== when.measure) return false;
  if (when.caseKind !== undefined && caseKindOf(facts, event) !== when.caseKind) return false;
  if (when.dataEquals) {
    for (const [k, v] of Object.entries(when.dataEquals)) if (event.data[k] !== v) return false;
  }
  return true;
}
