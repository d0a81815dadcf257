import { cappedDueAt, warnAt, type HolidayCalendar } from '@jifen/shared';
import type { CaseEvent, Duration, ObligationRule, RuleCatalogue, SubjectKind } from '@jifen/shared';
import type { SubjectFacts } from '../../cases/domain/subject-facts';
import { conditionHolds } from '../../scoring/domain/scoring-engine';

/** 时限义务 in force: what an event opened and a later event must fulfil. */
export interface OpenObligation {
  id: string;
  ruleId: string;
  subjectKind: SubjectKind;
  subjectRef: string;
  personRef: string | null;
  itemRef: string | null;
  unitCode: string;
  badgeNos: string[];
  openedAt: number;
  dueAt: number;
  warnAt: number;
  extensions: Duration[];
  openedByEventId: string;
}

export interface ObligationChanges {
  opened: OpenObligation[];
  fulfilled: { obligation: OpenObligation; fulfilledAt: number; late: boolean }[];
  extended: { obligation: OpenObligation; dueAt: number; warnAt: number; capped: boolean }[];
  /** Extensions that matched nothing, said plainly for the log. */
  notes: string[];
}

export interface TrackOptions {
  timeZone: string;
  holidays: HolidayCalendar;
  newId: () => string;
}

function refFor(
  rule: ObligationRule,
  event: CaseEvent,
): { personRef: string | null; itemRef: string | null } {
  const s = (k: string) => (typeof event.data[k] === 'string' ? (event.data[k] as string) : null);
  return {
    personRef: rule.match === 'person' ? s('personRef') : null,
    itemRef: rule.match === 'item' ? s('itemRef') : null,
  };
}

/**
 * Same rule, subject and (where the rule matches on them) person or item. A fulfilling
 * event that names no person or item — a case transferred for prosecution — answers the
 * obligation for every person or item on the subject.
 */
function sameTarget(o: OpenObligation, rule: ObligationRule, event: CaseEvent, fulfilling = false): boolean {
  if (o.ruleId !== rule.id || o.subjectKind !== event.subject.kind || o.subjectRef !== event.subject.ref)
    return false;
  const ref = refFor(rule, event);
  const person =
    rule.match !== 'person' || o.personRef === ref.personRef || (fulfilling && ref.personRef === null);
  const item = rule.match !== 'item' || o.itemRef === ref.itemRef || (fulfilling && ref.itemRef === null);
  return person && item;
}

/**
 * Opens, fulfils and extends obligations for one event (RULES.md "Obligations"). Pure:
 * `open` are the subject's obligations in force before the event.
 */
export function trackEvent(
  event: CaseEvent,
  factsBefore: SubjectFacts | null,
  open: OpenObligation[],
  catalogue: RuleCatalogue,
  opts: TrackOptions,
): ObligationChanges {
  const at = Date.parse(event.occurredAt);
  const changes: ObligationChanges = { opened: [], fulfilled: [], extended: [], notes: [] };
  const rules = catalogue.obligations.filter((r) => r.enabled);
  const stillOpen = [...open];

  for (const rule of rules) {
    if (!rule.fulfils.some((t) => t.event === event.type && conditionHolds(t.when, event, factsBefore)))
      continue;
    for (const o of stillOpen.filter((x) => sameTarget(x, rule, event, true))) {
      changes.fulfilled.push({ obligation: o, fulfilledAt: at, late: at > o.dueAt });
      stillOpen.splice(stillOpen.indexOf(o), 1);
    }
  }

  if (event.type === 'case.deadline_extended') {
    const ruleId = String(event.data.obligation);
    const rule = rules.find((r) => r.id === ruleId);
    const ext: Duration | null =
      typeof event.data.hours === 'number'
        ? { amount: event.data.hours, unit: 'hours' }
        : typeof event.data.days === 'number'
          ? { amount: event.data.days, unit: 'days' }
          : typeof event.data.months === 'number'
            ? { amount: event.data.months, unit: 'months' }
            : null;
    const targets = rule
      ? stillOpen.filter(
          (o) =>
            o.ruleId === rule.id &&
            o.subjectRef === event.subject.ref &&
            (event.data.personRef === undefined || o.personRef === event.data.personRef) &&
            (event.data.itemRef === undefined || o.itemRef === event.data.itemRef),
        )
      : [];
    if (!rule || !ext || !targets.length) {
      changes.notes.push(
        `extension ${event.eventId}: no open obligation ${ruleId} on ${event.subject.ref} to extend`,
      );
    }
    for (const o of targets) {
      const extensions = [...o.extensions, ext!];
      const { dueAt, capped } = cappedDueAt(o.openedAt, rule!, extensions, opts);
      if (capped)
        changes.notes.push(
          `extension ${event.eventId}: ${rule!.id} capped at its maximum ${rule!.maxLimit.amount} ${rule!.maxLimit.unit}`,
        );
      const warn = warnAt(o.openedAt, dueAt, catalogue.supervision.warnAt);
      o.extensions = extensions;
      changes.extended.push({ obligation: o, dueAt, warnAt: warn, capped });
    }
  }

  for (const rule of rules) {
    if (!rule.opens.some((t) => t.event === event.type && conditionHolds(t.when, event, factsBefore)))
      continue;
    if (
      stillOpen.some((o) => sameTarget(o, rule, event)) ||
      changes.opened.some((o) => sameTarget(o, rule, event))
    )
      continue;
    const { dueAt } = cappedDueAt(at, rule, [], opts);
    changes.opened.push({
      id: opts.newId(),
      ruleId: rule.id,
      subjectKind: event.subject.kind,
      subjectRef: event.subject.ref,
      ...refFor(rule, event),
      unitCode: event.unitCode,
      badgeNos: event.officers.map((o) => o.badgeNo),
      openedAt: at,
      dueAt,
      warnAt: warnAt(at, dueAt, catalogue.supervision.warnAt),
      extensions: [],
      openedByEventId: event.eventId,
    });
  }
  return changes;
}

/** Which stage an obligation has reached at `now`: nothing yet, 临期预警, or 超期. */
export function stageAt(
  o: Pick<OpenObligation, 'warnAt' | 'dueAt'>,
  now: number,
): 'none' | 'warning' | 'violation' {
  return now >= o.dueAt ? 'violation' : now >= o.warnAt ? 'warning' : 'none';
}
