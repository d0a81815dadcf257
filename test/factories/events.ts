import type { EventType, OfficerOnEvent } from '@jifen/shared';

let serial = 0;

export interface RawEvent {
  eventId: string;
  type: EventType;
  occurredAt: string;
  unitCode: string;
  subject: { kind: 'case' | 'incident' | 'complaint'; ref: string };
  officers: OfficerOnEvent[];
  data: Record<string, unknown>;
}

/** A valid event with sensible defaults; override what the test is about. */
export function event(type: EventType, over: Partial<RawEvent> = {}): RawEvent {
  serial++;
  const kind = type.startsWith('incident.')
    ? 'incident'
    : type.startsWith('complaint.')
      ? 'complaint'
      : 'case';
  return {
    eventId: `it-${process.pid}-${serial}`,
    type,
    occurredAt: '2026-11-23T08:15:00+08:00',
    unitCode: 'S1',
    subject: { kind, ref: `${kind.toUpperCase()}-${serial}` },
    officers: [
      { badgeNo: '100001', role: 'primary' },
      { badgeNo: '100002', role: 'assistant' },
    ],
    data: {},
    ...over,
  };
}
