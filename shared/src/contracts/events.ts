import { z } from 'zod';
import { unstorableText } from '../domain/storable-text';

/** Every event type the case-handling system may report (DESIGN.md "Contract"). */
export const EVENT_TYPES = [
  'case.accepted',
  'case.filed',
  'case.not_filed',
  'case.concluded',
  'case.transferred',
  'case.closed',
  'case.deadline_extended',
  'case.review.passed',
  'case.review.returned',
  'case.prosecution.returned',
  'case.overturned',
  'measure.started',
  'measure.ended',
  'arrest.requested',
  'arrest.approved',
  'detainee.delivered',
  'family.notified',
  'evidence.seized',
  'evidence.registered',
  'av.linked',
  'incident.received',
  'incident.handled',
  'complaint.received',
  'complaint.responded',
  'complaint.resolved',
  'complaint.rated',
  'complaint.substantiated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SUBJECT_KINDS = ['case', 'incident', 'complaint'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const MEASURES = [
  'summons',
  'criminal_detention',
  'administrative_detention',
  'bail',
  'residential_surveillance',
] as const;
export type Measure = (typeof MEASURES)[number];

export const CASE_KINDS = ['criminal', 'administrative'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** The default most events in one batch (JIFEN_BATCH_MAX_EVENTS on the server). */
export const MAX_BATCH = 1000;

/** An identifier: printable text, no control characters a person could not see or type. */
const identifier = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
const ref = identifier(64);
const personData = z.object({ personRef: ref }).loose();
const itemData = z.object({ itemRef: ref }).loose();
const anyData = z.object({}).loose();

/** The data each event type must carry; unknown extra fields are kept, not rejected. */
export const EVENT_DATA_SCHEMAS: Record<EventType, z.ZodType<Record<string, unknown>>> = {
  'case.accepted': z
    .object({ caseKind: z.enum(CASE_KINDS), category: z.string().max(64).optional() })
    .loose(),
  'case.filed': anyData,
  'case.not_filed': anyData,
  'case.concluded': anyData,
  'case.transferred': anyData,
  'case.closed': anyData,
  'case.deadline_extended': z
    .object({
      obligation: z.string().trim().min(1).max(64),
      personRef: ref.optional(),
      itemRef: ref.optional(),
      hours: z
        .number()
        .int()
        .positive()
        .max(24 * 366)
        .optional(),
      days: z.number().int().positive().max(366).optional(),
      months: z.number().int().positive().max(24).optional(),
    })
    .loose()
    .refine((d) => [d.hours, d.days, d.months].filter((v) => v !== undefined).length === 1, {
      message: 'exactly one of hours, days or months is required',
      path: ['days'],
    }),
  'case.review.passed': z.object({ firstTime: z.boolean() }).loose(),
  'case.review.returned': anyData,
  'case.prosecution.returned': anyData,
  'case.overturned': anyData,
  'measure.started': z.object({ measure: z.enum(MEASURES), personRef: ref }).loose(),
  'measure.ended': z.object({ measure: z.enum(MEASURES), personRef: ref }).loose(),
  'arrest.requested': personData,
  'arrest.approved': personData,
  'detainee.delivered': personData,
  'family.notified': personData,
  'evidence.seized': itemData,
  'evidence.registered': itemData,
  'av.linked': anyData,
  'incident.received': anyData,
  'incident.handled': anyData,
  'complaint.received': anyData,
  'complaint.responded': anyData,
  'complaint.resolved': anyData,
  'complaint.rated': z.object({ satisfied: z.boolean() }).loose(),
  'complaint.substantiated': anyData,
};

/** Which subject kinds an event type may be about. */
export function subjectKindsFor(type: EventType): readonly SubjectKind[] {
  if (type.startsWith('incident.')) return ['incident'];
  if (type.startsWith('complaint.')) return ['complaint'];
  if (type === 'av.linked') return ['case', 'incident'];
  return ['case'];
}

export const OfficerOnEventSchema = z.object({
  badgeNo: identifier(32),
  role: z.enum(['primary', 'assistant']),
});
export type OfficerOnEvent = z.infer<typeof OfficerOnEventSchema>;

export const EventEnvelopeSchema = z.object({
  eventId: identifier(128),
  type: z.enum(EVENT_TYPES),
  occurredAt: z.iso.datetime({ offset: true }),
  unitCode: identifier(32),
  subject: z.object({ kind: z.enum(SUBJECT_KINDS), ref }),
  officers: z.array(OfficerOnEventSchema).max(50).default([]),
  data: z.record(z.string(), z.unknown()).default({}),
});

/** A validated event, as every part of the system sees it. */
export interface CaseEvent {
  eventId: string;
  type: EventType;
  /** ISO 8601 with offset, as sent. */
  occurredAt: string;
  unitCode: string;
  subject: { kind: SubjectKind; ref: string };
  officers: OfficerOnEvent[];
  data: Record<string, unknown>;
}

export interface FieldError {
  /** Dotted path inside the event, e.g. `data.measure` or `officers.1.badgeNo`. */
  field: string;
  message: string;
}

export type EventValidation = { ok: true; event: CaseEvent } | { ok: false; errors: FieldError[] };

function issuesToErrors(issues: z.core.$ZodIssue[], prefix: string[] = []): FieldError[] {
  return issues.map((i) => ({
    field: [...prefix, ...i.path.map(String)].join('.') || '(event)',
    message: i.message,
  }));
}

/** Validates one raw event: envelope, then the data its type requires, then cross-field rules. */
export function validateEvent(raw: unknown): EventValidation {
  const text = unstorableText(raw);
  if (text) return { ok: false, errors: [{ field: text.field || '(event)', message: text.message }] };
  const envelope = EventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, errors: issuesToErrors(envelope.error.issues) };
  const e = envelope.data;
  const errors: FieldError[] = [];
  const data = EVENT_DATA_SCHEMAS[e.type].safeParse(e.data);
  if (!data.success) errors.push(...issuesToErrors(data.error.issues, ['data']));
  if (!subjectKindsFor(e.type).includes(e.subject.kind)) {
    errors.push({
      field: 'subject.kind',
      message: `${e.type} must be about a ${subjectKindsFor(e.type).join(' or ')}, not a ${e.subject.kind}`,
    });
  }
  if (e.officers.filter((o) => o.role === 'primary').length > 1) {
    errors.push({ field: 'officers', message: 'at most one officer may be primary' });
  }
  const badges = new Set<string>();
  e.officers.forEach((o, i) => {
    if (badges.has(o.badgeNo))
      errors.push({ field: `officers.${i}.badgeNo`, message: `${o.badgeNo} is listed twice` });
    badges.add(o.badgeNo);
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, event: { ...e, data: data.success ? data.data : e.data } };
}

/** A batch of at most `maxEvents` raw events; each is validated on its own (validateEvent). */
export const ingestBatchSchema = (maxEvents = MAX_BATCH) =>
  z.object({
    /** A backfill of history (admin or ingest): judged like any batch, but raises no LATE_ENTRY. */
    backfill: z.boolean().default(false),
    events: z
      .array(z.unknown())
      .min(1, 'a batch holds at least one event')
      .max(maxEvents, `a batch holds at most ${maxEvents} events`),
  });
export const IngestBatchSchema = ingestBatchSchema();

export interface RejectedEvent {
  index: number;
  eventId: string | null;
  errors: FieldError[];
}

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
}
