import {
  cappedDueAt,
  warnAt,
  type Duration,
  type HolidayCalendar,
  type ObligationRule,
  type SubjectKind,
} from '@jifen/shared';
import type { SubjectFacts } from '../../cases/domain/subject-facts';
import type { CatalogueAt } from '../../judgement/domain/judgement-context';
import { obligationIdOf } from '../../judgement/domain/deterministic-id';
import type { RecordedEvent } from '../../judgement/domain/recorded-event';
import { conditionHolds } from '../../scoring/domain/scoring-engine';

/** 时限义务 as the subject's history makes it: opened, maybe extended, maybe fulfilled. */
export interface ObligationState {
  /** Derived from the rule and the opening event: the same history always gives the same id. */
  id: string;
  ruleId: string;
  /** The rule as the catalogue version of the opening event defined it. */
  rule: ObligationRule;
  catalogueVersion: number;
  subjectKind: SubjectKind;
  subjectRef: string;
  personRef: string | null;
  itemRef: string | null;
  unitCode: string;
  badgeNos: string[];
  openedAt: number;
  openedByEventId: string;
  extensions: Duration[];
  dueAt: number;
  /** Share of the allowed time after which the warning is due (the catalogue's `warnAt`). */
  warnShare: number;
  warnAt: number;
  fulfilledAt: number | null;
  fulfilledByEventId: string | null;
}

export type ObligationStage = 'none' | 'warning' | 'violation';

/**
 * Where an obligation stands at `now`. A fulfilment at or before the due instant is in time
 * whenever it is reported; a violation exists only after the due instant (RULES.md).
 */
export function obligationStage(
  o: Pick<ObligationState, 'dueAt' | 'warnAt' | 'fulfilledAt'>,
  now: number,
): ObligationStage {
  if (o.fulfilledAt !== null) return o.fulfilledAt > o.dueAt ? 'violation' : 'none';
  if (now > o.dueAt) return 'violation';
  return now >= o.warnAt ? 'warning' : 'none';
}

export interface TrackingOptions {
  timeZone: string;
  holidays: HolidayCalendar;
}

const dataRef = (event: RecordedEvent, key: 'personRef' | 'itemRef'): string | null =>
  typeof event.data[key] === 'string' ? (event.data[key] as string) : null;

function refsFor(rule: ObligationRule, event: RecordedEvent) {
  return {
    personRef: rule.match === 'person' ? dataRef(event, 'personRef') : null,
    itemRef: rule.match === 'item' ? dataRef(event, 'itemRef') : null,
  };
}

/**
 * Same rule and (where the rule matches on them) the same person or item. A fulfilling event
 * that names no person or item — a case transferred for prosecution — answers the obligation
 * for every person or item on the subject.
 */
function sameTarget(
  o: ObligationState,
  rule: ObligationRule,
  event: RecordedEvent,
  fulfilling: boolean,
): boolean {
  if (o.ruleId !== rule.id) return false;
  const ref = refsFor(rule, event);
  const person =
    rule.match !== 'person' || o.personRef === ref.personRef || (fulfilling && ref.personRef === null);
  const item = rule.match !== 'item' || o.itemRef === ref.itemRef || (fulfilling && ref.itemRef === null);
  return person && item;
}

function extensionOf(event: RecordedEvent): Duration | null {
  const d = event.data;
  if (typeof d.hours === 'number') return { amount: d.hours, unit: 'hours' };
  if (typeof d.days === 'number') return { amount: d.days, unit: 'days' };
  if (typeof d.months === 'number') return { amount: d.months, unit: 'months' };
  return null;
}

/**
 * Follows one subject's obligations through its events in event order (RULES.md
 * "Obligations" and "Event time and late reports"). Feed it every event of the subject in
 * `compareEventTime` order with the facts as they stood just before each; ask for
 * `obligations` at the end. Pure: it reads nothing but what it is given.
 */
export class ObligationTracker {
  private readonly all: ObligationState[] = [];
  private open: ObligationState[] = [];
  /** Events at the instant being processed: a fulfilment sorted before its opener at the same instant still counts. */
  private sameInstant: { at: number; events: { event: RecordedEvent; facts: SubjectFacts | null }[] } = {
    at: Number.NaN,
    events: [],
  };
  readonly notes: string[] = [];

  constructor(private readonly opts: TrackingOptions) {}

  get obligations(): readonly ObligationState[] {
    return this.all;
  }

  /** The latest obligation of a rule opened on the subject so far (the early-conclusion bonus reads its clock). */
  latest(ruleId: string): ObligationState | undefined {
    for (let i = this.all.length - 1; i >= 0; i--) if (this.all[i].ruleId === ruleId) return this.all[i];
    return undefined;
  }

  step(event: RecordedEvent, factsBefore: SubjectFacts | null, catalogue: CatalogueAt): void {
    if (event.at !== this.sameInstant.at) this.sameInstant = { at: event.at, events: [] };
    this.fulfil(event, factsBefore);
    if (event.type === 'case.deadline_extended') this.extend(event);
    this.openFor(event, factsBefore, catalogue);
    this.sameInstant.events.push({ event, facts: factsBefore });
  }

  private fulfils(o: ObligationState, event: RecordedEvent, facts: SubjectFacts | null): boolean {
    return (
      event.at >= o.openedAt &&
      o.rule.fulfils.some((t) => t.event === event.type && conditionHolds(t.when, event, facts)) &&
      sameTarget(o, o.rule, event, true)
    );
  }

  private fulfil(event: RecordedEvent, facts: SubjectFacts | null): void {
    this.open = this.open.filter((o) => {
      if (!this.fulfils(o, event, facts)) return true;
      o.fulfilledAt = event.at;
      o.fulfilledByEventId = event.eventId;
      return false;
    });
  }

  /** An approved extension moves the due time of the named open obligation, if it came before the limit ran out. */
  private extend(event: RecordedEvent): void {
    const ruleId = String(event.data.obligation);
    const ext = extensionOf(event);
    const targets = this.open.filter(
      (o) =>
        o.ruleId === ruleId &&
        (event.data.personRef === undefined || o.personRef === event.data.personRef) &&
        (event.data.itemRef === undefined || o.itemRef === event.data.itemRef),
    );
    if (!ext || !targets.length) {
      this.notes.push(
        `extension ${event.eventId}: no open obligation ${ruleId} on ${event.subject.ref} to extend`,
      );
      return;
    }
    for (const o of targets) {
      if (event.at > o.dueAt) {
        this.notes.push(
          `extension ${event.eventId}: ${ruleId} had already run out when the extension was approved`,
        );
        continue;
      }
      const extensions = [...o.extensions, ext];
      const { dueAt, capped } = cappedDueAt(o.openedAt, o.rule, extensions, this.opts);
      if (capped)
        this.notes.push(
          `extension ${event.eventId}: ${ruleId} capped at its maximum ${o.rule.maxLimit.amount} ${o.rule.maxLimit.unit}`,
        );
      o.extensions = extensions;
      o.dueAt = dueAt;
      o.warnAt = warnAt(o.openedAt, dueAt, o.warnShare);
    }
  }

  private openFor(
    event: RecordedEvent,
    facts: SubjectFacts | null,
    { version, catalogue }: CatalogueAt,
  ): void {
    for (const rule of catalogue.obligations) {
      if (!rule.enabled) continue;
      if (!rule.opens.some((t) => t.event === event.type && conditionHolds(t.when, event, facts))) continue;
      if (this.open.some((o) => sameTarget(o, rule, event, false))) continue;
      const { dueAt } = cappedDueAt(event.at, rule, [], this.opts);
      const o: ObligationState = {
        id: obligationIdOf(rule.id, event.eventId),
        ruleId: rule.id,
        rule,
        catalogueVersion: version,
        subjectKind: event.subject.kind,
        subjectRef: event.subject.ref,
        ...refsFor(rule, event),
        unitCode: event.unitCode,
        badgeNos: event.officers.map((x) => x.badgeNo),
        openedAt: event.at,
        openedByEventId: event.eventId,
        extensions: [],
        dueAt,
        warnShare: catalogue.supervision.warnAt,
        warnAt: warnAt(event.at, dueAt, catalogue.supervision.warnAt),
        fulfilledAt: null,
        fulfilledByEventId: null,
      };
      const earlier = this.sameInstant.events.find((x) => this.fulfils(o, x.event, x.facts));
      if (earlier) {
        o.fulfilledAt = earlier.event.at;
        o.fulfilledByEventId = earlier.event.eventId;
      } else this.open.push(o);
      this.all.push(o);
    }
  }
}
