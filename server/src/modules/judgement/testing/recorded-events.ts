import { DEFAULT_CATALOGUE, HolidayCalendar, type EventType, type RuleCatalogue } from '@jifen/shared';
import { CatalogueTimeline, type JudgementContext } from '../domain/judgement-context';
import type { RecordedEvent } from '../domain/recorded-event';

export const TZ = 'Asia/Shanghai';
export const HOUR = 3_600_000;
export const at = (iso: string) => Date.parse(iso);

let serial = 0;

/** A stored event for unit tests of the pure core; received when it happened unless told otherwise. */
export function recorded(type: EventType, when: string, over: Partial<RecordedEvent> = {}): RecordedEvent {
  serial++;
  const kind = type.startsWith('incident') ? 'incident' : type.startsWith('complaint') ? 'complaint' : 'case';
  const t = at(when);
  return {
    eventId: `u-${String(serial).padStart(5, '0')}`,
    type,
    occurredAt: new Date(t).toISOString(),
    unitCode: 'S1',
    subject: { kind, ref: 'C1' },
    officers: [
      { badgeNo: '100001', role: 'primary' },
      { badgeNo: '100002', role: 'assistant' },
    ],
    data: {},
    at: t,
    receivedAt: t,
    backfill: false,
    ...over,
  };
}

/** The fold's inputs with the default catalogue, no holidays and everyone in S1. */
export function context(
  now: string,
  over: Partial<JudgementContext> & { catalogue?: RuleCatalogue } = {},
): JudgementContext {
  const timeline = CatalogueTimeline.only(over.catalogue ?? DEFAULT_CATALOGUE, 1);
  return {
    timeZone: TZ,
    now: at(now),
    holidays: new HolidayCalendar(),
    catalogueAt: (t) => timeline.at(t),
    unitOf: () => 'S1',
    ...over,
  };
}
