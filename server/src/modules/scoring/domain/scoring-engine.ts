import {
  monthOf,
  toTenths,
  type CaseEvent,
  type EventCondition,
  type RuleCatalogue,
  type ScoringRule,
} from '@jifen/shared';
import { caseKindOf, type SubjectFacts } from '../../cases/domain/subject-facts';
import { CapTracker } from './cap-tracker';
import { bookingMonth, type LedgerDraft } from './ledger-draft';

export interface ScoringContext {
  catalogue: RuleCatalogue;
  catalogueVersion: number;
  timeZone: string;
  /** The unit an officer belongs to now: their score counts there. */
  unitOf: (badgeNo: string) => string | undefined;
  caps: CapTracker;
  closedMonths: ReadonlySet<string>;
  openMonth: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * 积分规则 → 积分流水: the rows one event earns under a catalogue. Pure: the same event,
 * facts and catalogue always give the same rows with the same keys, which is what makes
 * replays equal live scoring and duplicates harmless.
 *
 * `facts` is the subject as it was before this event.
 */
export function scoreEvent(event: CaseEvent, facts: SubjectFacts | null, ctx: ScoringContext): LedgerDraft[] {
  const rows: LedgerDraft[] = [];
  const at = Date.parse(event.occurredAt);
  const { month, late } = bookingMonth(monthOf(at, ctx.timeZone), ctx.closedMonths, ctx.openMonth);
  for (const rule of ctx.catalogue.scoring) {
    if (!rule.enabled || !fires(rule, event, facts, ctx)) continue;
    for (const officer of event.officers) {
      const unitCode = ctx.unitOf(officer.badgeNo);
      if (!unitCode) continue;
      let points = toTenths(officer.role === 'primary' ? rule.primary : rule.assistant);
      if (rule.monthlyCap !== null)
        points = ctx.caps.take(officer.badgeNo, rule.id, month, points, toTenths(rule.monthlyCap));
      if (points === 0) continue;
      rows.push({
        sourceKey: `event:${event.eventId}:${rule.id}:${officer.badgeNo}`,
        badgeNo: officer.badgeNo,
        unitCode,
        month,
        occurredAt: at,
        points,
        kind: rule.kind,
        dimension: rule.dimension,
        ruleId: rule.id,
        catalogueVersion: ctx.catalogueVersion,
        source: 'event',
        sourceRef: event.eventId,
        reason: `${rule.title.zh} · ${event.subject.ref} (${officer.role === 'primary' ? '主办' : '协办'})`,
        lateCorrection: late,
      });
    }
  }
  return rows;
}

function fires(
  rule: ScoringRule,
  event: CaseEvent,
  facts: SubjectFacts | null,
  ctx: ScoringContext,
): boolean {
  const t = rule.trigger;
  if ('event' in t) return t.event === event.type && conditionHolds(t.when, event, facts);
  const at = Date.parse(event.occurredAt);
  switch (t.derived) {
    case 'early_conclusion': {
      // 提前办结: an administrative case concluded within a fraction of its limit (30 days by default).
      if (event.type !== 'case.concluded' || caseKindOf(facts, event) !== 'administrative') return false;
      const accepted = facts?.firstAt['case.accepted'];
      const limit = ctx.catalogue.obligations.find((o) => o.id === 'ADM_CASE_30D')?.limit ?? {
        amount: 30,
        unit: 'days' as const,
      };
      const limitMs = limit.amount * (limit.unit === 'hours' ? HOUR : limit.unit === 'days' ? DAY : 30 * DAY);
      return accepted !== undefined && at - accepted <= limitMs * (rule.parameter ?? 0.5);
    }
    case 'fast_av_link': {
      // 音视频快速关联: linked within N hours of the incident being handled.
      if (event.type !== 'av.linked') return false;
      const handled = facts?.firstAt['incident.handled'];
      return handled !== undefined && at >= handled && at - handled <= (rule.parameter ?? 2) * HOUR;
    }
  }
}

/** Does an event meet a trigger's conditions? Shared with the obligation tracker's semantics. */
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
