import type { CaseEvent } from '@jifen/shared';

/**
 * An event as stored: what the source system said, plus when it happened in epoch ms, when
 * it reached Jifen and whether it came as a backfill of history. Everything the judgement of
 * a subject reads about an event is here, so judging is a function of stored data alone.
 */
export interface RecordedEvent extends CaseEvent {
  at: number;
  receivedAt: number;
  backfill: boolean;
}

/** `case:A123`: one case, incident or complaint, the unit that events are judged in. */
export const subjectIdOf = (e: Pick<CaseEvent, 'subject'>): string => `${e.subject.kind}:${e.subject.ref}`;

/**
 * Event order: when it happened, ties broken by eventId. Arrival order never enters, which
 * is what makes a judgement independent of how the source system batched and delayed things.
 */
export function compareEventTime(a: RecordedEvent, b: RecordedEvent): number {
  return a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

export function toRecorded(event: CaseEvent, receivedAt: number, backfill: boolean): RecordedEvent {
  return { ...event, at: Date.parse(event.occurredAt), receivedAt, backfill };
}
