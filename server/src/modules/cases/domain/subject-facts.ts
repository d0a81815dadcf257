import type { CaseEvent, CaseKind, EventType, Measure, SubjectKind } from '@jifen/shared';

/**
 * What the system knows about one case, incident or complaint, folded from its events.
 * Scoring and supervision read it (case kind, when it was accepted, which steps and
 * measures happened); it is stored with the subject and rebuilt by replaying its events.
 */
export interface SubjectFacts {
  kind: SubjectKind;
  ref: string;
  unitCode: string;
  caseKind: CaseKind | null;
  /** Epoch ms of the first occurrence of each event type seen on the subject. */
  firstAt: Partial<Record<EventType, number>>;
  /** Measures currently in force, per person. */
  activeMeasures: Record<string, Measure[]>;
  /** People ever placed under criminal detention (for out-of-order checks). */
  detainedPersons: string[];
  /** Items seized, for matching registrations. */
  seizedItems: string[];
  eventCount: number;
}

export function emptyFacts(kind: SubjectKind, ref: string, unitCode: string): SubjectFacts {
  return {
    kind,
    ref,
    unitCode,
    caseKind: null,
    firstAt: {},
    activeMeasures: {},
    detainedPersons: [],
    seizedItems: [],
    eventCount: 0,
  };
}

/** Folds one event into the facts. Returns a new object; the input is not changed. */
export function applyEvent(facts: SubjectFacts, event: CaseEvent): SubjectFacts {
  const at = Date.parse(event.occurredAt);
  const next: SubjectFacts = {
    ...facts,
    firstAt: { ...facts.firstAt },
    activeMeasures: { ...facts.activeMeasures },
    eventCount: facts.eventCount + 1,
  };
  const first = next.firstAt[event.type];
  if (first === undefined || at < first) next.firstAt[event.type] = at;
  if (event.type === 'case.accepted') next.caseKind = event.data.caseKind as CaseKind;
  const person = typeof event.data.personRef === 'string' ? event.data.personRef : null;
  const measure = event.data.measure as Measure | undefined;
  if (person && measure && event.type === 'measure.started') {
    next.activeMeasures[person] = [
      ...(next.activeMeasures[person] ?? []).filter((m) => m !== measure),
      measure,
    ];
    if (measure === 'criminal_detention' && !next.detainedPersons.includes(person)) {
      next.detainedPersons = [...next.detainedPersons, person];
    }
  }
  if (person && measure && event.type === 'measure.ended') {
    next.activeMeasures[person] = (next.activeMeasures[person] ?? []).filter((m) => m !== measure);
  }
  if (
    event.type === 'evidence.seized' &&
    typeof event.data.itemRef === 'string' &&
    !next.seizedItems.includes(event.data.itemRef)
  ) {
    next.seizedItems = [...next.seizedItems, event.data.itemRef];
  }
  return next;
}

/** The case kind an event is about: the subject's, else what the event itself says. */
export function caseKindOf(facts: SubjectFacts | null, event: CaseEvent): CaseKind | null {
  if (facts?.caseKind) return facts.caseKind;
  const k = event.data.caseKind;
  return k === 'criminal' || k === 'administrative' ? k : null;
}
