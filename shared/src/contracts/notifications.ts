import { z } from 'zod';
import { SEVERITIES } from './catalogue';
import { PUBLICATION_KINDS, PublicationPeriodSchema } from './publications';

/**
 * Notifications (issue 9 item 7): what triggers them, who receives them, how they travel
 * (in-app inbox, e-mail, signed webhooks) and what each user chose.
 */

export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Channels a user chooses per trigger; webhooks are the bureau's endpoints, set up by admins. */
export const USER_CHANNELS = ['in_app', 'email'] as const;
export type UserChannel = (typeof USER_CHANNELS)[number];

export const NOTIFICATION_TRIGGERS = [
  'problem.raised',
  'problem.escalated',
  'rectification.overdue',
  'appeal.decided',
  'publication.published',
  'commendation',
  'award.ineligible',
] as const;
export type NotificationTrigger = (typeof NOTIFICATION_TRIGGERS)[number];

/** Who a trigger is meant for; the dispatcher turns these into users. */
export type NotificationAudience =
  /** officers named on the problem (and its assignee) */
  | 'responsible_officers'
  /** supervisors whose scope holds the problem's unit (for an escalation: the unit it went to) */
  | 'unit_supervisors'
  /** the officer who filed the appeal */
  | 'appellant'
  /** every user whose scope overlaps the publication's */
  | 'everyone_in_scope'
  /** the officer the cause names */
  | 'officer';

export const TRIGGER_AUDIENCES: Record<NotificationTrigger, readonly NotificationAudience[]> = {
  'problem.raised': ['responsible_officers', 'unit_supervisors'],
  'problem.escalated': ['responsible_officers', 'unit_supervisors'],
  'rectification.overdue': ['responsible_officers', 'unit_supervisors'],
  'appeal.decided': ['appellant'],
  'publication.published': ['everyone_in_scope'],
  commendation: ['officer'],
  'award.ineligible': ['officer'],
};

/** What a user gets when they have not chosen: the inbox for everything, no e-mail. */
export const DEFAULT_USER_CHANNELS: Record<UserChannel, boolean> = { in_app: true, email: false };

const Text = z.object({ zh: z.string().min(1).max(500), en: z.string().min(1).max(500) });
const Iso = z.iso.datetime({ offset: true });
const Code = z.string().trim().min(1).max(32);

const ProblemFacts = z.object({
  problemId: z.string().min(1).max(64),
  ruleId: z.string().min(1).max(64),
  title: Text,
  severity: z.enum(SEVERITIES),
  unitCode: Code,
  unitName: z.string().min(1).max(100),
  badgeNos: z.array(Code).max(50),
  detectedAt: Iso,
});

const ProblemRaised = z.object({
  trigger: z.literal('problem.raised'),
  data: ProblemFacts.extend({ dueAt: Iso.nullable() }),
});
const ProblemEscalated = z.object({
  trigger: z.literal('problem.escalated'),
  data: ProblemFacts.extend({ escalatedTo: z.object({ unitCode: Code, unitName: z.string().min(1) }) }),
});
const RectificationOverdue = z.object({
  trigger: z.literal('rectification.overdue'),
  data: ProblemFacts.extend({ rectifyDueAt: Iso, assignee: Code.nullable() }),
});
const AppealDecided = z.object({
  trigger: z.literal('appeal.decided'),
  data: z.object({
    appealId: z.string().min(1).max(64),
    problemId: z.string().min(1).max(64),
    title: Text,
    badgeNo: Code,
    upheld: z.boolean(),
    note: z.string().max(500),
  }),
});
const PublicationPublished = z.object({
  trigger: z.literal('publication.published'),
  data: z.object({
    kind: z.enum(PUBLICATION_KINDS),
    period: PublicationPeriodSchema,
    version: z.number().int().min(1),
    officerCount: z.number().int().min(0),
  }),
});
const OfficerStanding = z.object({
  period: PublicationPeriodSchema,
  rank: z.number().int().min(1),
  /** How many officers were ranked. */
  of: z.number().int().min(1),
  badgeNo: Code,
  name: z.string().min(1).max(64),
  unitName: z.string().min(1).max(100),
  total: z.number(),
});
const Commendation = z.object({
  trigger: z.literal('commendation'),
  data: OfficerStanding.extend({ kind: z.enum(['quarterly', 'annual']) }),
});
const AwardIneligible = z.object({ trigger: z.literal('award.ineligible'), data: OfficerStanding });

const CauseBase = z.object({
  /**
   * Stable id of what happened (`problem.raised-<problemId>`, `outbox-<seq>`): notifying the
   * same cause again never reaches anyone twice.
   */
  id: z.string().regex(/^[A-Za-z0-9_.@-]{1,120}$/, 'a cause id is 1–120 letters, digits, _ . @ or -'),
  occurredAt: Iso,
  /** The unit the cause belongs to (scoped webhooks filter on it); null: the whole organisation. */
  unitCode: Code.nullable(),
});

export const NotificationCauseSchema = z.discriminatedUnion('trigger', [
  CauseBase.extend(ProblemRaised.shape),
  CauseBase.extend(ProblemEscalated.shape),
  CauseBase.extend(RectificationOverdue.shape),
  CauseBase.extend(AppealDecided.shape),
  CauseBase.extend(PublicationPublished.shape),
  CauseBase.extend(Commendation.shape),
  CauseBase.extend(AwardIneligible.shape),
]);
export type NotificationCause = z.infer<typeof NotificationCauseSchema>;
export type CauseOf<T extends NotificationTrigger> = Extract<NotificationCause, { trigger: T }>;

export interface LocalText {
  zh: string;
  en: string;
}

/** One entry of a user's inbox. */
export interface InboxItem {
  id: string;
  causeId: string;
  trigger: NotificationTrigger;
  title: LocalText;
  body: LocalText;
  /** Where the console opens it (`/console/problems/<id>`, `/publications/monthly/2026-10`). */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export const InboxQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  cursor: z.string().regex(/^\d+$/, 'cursor is the number a previous page returned').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unread: number;
}

export interface UnreadCount {
  unread: number;
}

export const NOTIFICATION_LOCALES = ['zh-CN', 'en'] as const;
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number];

export interface NotificationPreferences {
  email: string | null;
  /** Language of e-mails. */
  locale: NotificationLocale;
  /** False when the server has no SMTP settings: e-mail choices are kept but nothing is sent. */
  emailAvailable: boolean;
  channels: Record<NotificationTrigger, Record<UserChannel, boolean>>;
}

export const PreferencesBodySchema = z.object({
  email: z.email('email is not an e-mail address').max(200).nullable().optional(),
  locale: z.enum(NOTIFICATION_LOCALES).optional(),
  channels: z
    .partialRecord(
      z.enum(NOTIFICATION_TRIGGERS),
      z.object({ in_app: z.boolean().optional(), email: z.boolean().optional() }),
    )
    .optional(),
});
export type PreferencesBody = z.infer<typeof PreferencesBodySchema>;

const WebhookUrl = z
  .url('url must be an absolute http(s) URL')
  .max(500)
  .refine((u) => /^https?:\/\//i.test(u), 'url must start with http:// or https://');

export const CreateWebhookSchema = z.object({
  label: z.string().trim().min(1, 'label is required').max(120),
  url: WebhookUrl,
  triggers: z.array(z.enum(NOTIFICATION_TRIGGERS)).min(1, 'choose at least one trigger'),
  /** Only causes in this unit's subtree; omitted: the whole organisation. */
  unitCode: Code.optional(),
  enabled: z.boolean().default(true),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookSchema>;

export const UpdateWebhookSchema = z
  .object({
    label: z.string().trim().min(1).max(120),
    url: WebhookUrl,
    triggers: z.array(z.enum(NOTIFICATION_TRIGGERS)).min(1, 'choose at least one trigger'),
    unitCode: Code.nullable(),
    enabled: z.boolean(),
    /** Issue a new signing secret (shown once in the answer). */
    rotateSecret: z.literal(true),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookSchema>;

export interface WebhookEndpointView {
  id: string;
  label: string;
  url: string;
  triggers: NotificationTrigger[];
  unitCode: string | null;
  enabled: boolean;
  createdAt: string;
  createdBy: string;
}

/** The signing secret appears in this answer only. */
export interface WebhookWithSecret extends WebhookEndpointView {
  secret: string;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttemptView {
  attempt: number;
  at: string;
  ok: boolean;
  /** HTTP status for webhooks; SMTP reply code for e-mail when the server answered. */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryView {
  id: string;
  causeId: string;
  trigger: NotificationTrigger;
  channel: NotificationChannel;
  /** User id, or webhook endpoint id. */
  target: string;
  status: DeliveryStatus;
  createdAt: string;
  deliveredAt: string | null;
  lastError: string | null;
  attempts: DeliveryAttemptView[];
}

export const DeliveryQuerySchema = z.object({
  channel: z.enum(NOTIFICATION_CHANNELS).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  target: z.string().max(64).optional(),
  cursor: z.string().regex(/^\d+$/, 'cursor is the number a previous page returned').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveryQuery = z.infer<typeof DeliveryQuerySchema>;

export interface DeliveryPage {
  items: DeliveryView[];
  nextCursor: string | null;
}

/** The data of one delivery job; everything else is read from Postgres when it runs. */
export interface NotificationDeliveryJob {
  deliveryId: string;
}

/**
 * Webhook requests: `POST` of a JSON `WebhookPayload`, signed with HMAC-SHA256 over
 * `<timestamp>.<raw body>` with the endpoint's secret. Receivers recompute the signature and
 * reject timestamps more than WEBHOOK_TOLERANCE_S away from their clock (replay).
 */
export const WEBHOOK_HEADERS = {
  signature: 'x-jifen-signature',
  timestamp: 'x-jifen-timestamp',
  delivery: 'x-jifen-delivery',
  trigger: 'x-jifen-trigger',
} as const;
export const WEBHOOK_SIGNATURE_PREFIX = 'sha256=';
export const WEBHOOK_TOLERANCE_S = 300;

export interface WebhookPayload {
  /** The delivery id: the same for every retry, so a receiver can drop repeats. */
  id: string;
  cause: NotificationCause;
  title: LocalText;
  body: LocalText;
  link: string | null;
  sentAt: string;
}

/** Live `notification` message: sent to the recipient's own sockets. */
export interface NotificationMessage {
  notification: InboxItem;
  unread: number;
}
