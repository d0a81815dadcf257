import { z } from 'zod';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

export const AuditQuerySchema = z.object({
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const HolidaySchema = z.object({
  dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')).max(400),
  /** Working days that fall on a weekend (调休) are not part of the calendar: only holidays move limits. */
  year: z.number().int().min(2000).max(2100),
});

export interface HealthAnswer {
  status: 'ok' | 'degraded';
  database: { ok: boolean; driver: 'postgres' | 'sqlite'; error?: string };
  redis: { ok: boolean; error?: string };
  queues: { ok: boolean; waiting?: number; failed?: number; error?: string };
  outbox: { lastSeq: number; publishedSeq: number };
  version: string;
}

export interface QueueFailure {
  /** The id it was enqueued with (`airing:2026-10`, `notify:…`). */
  id: string;
  name: string;
  failedReason: string;
  /** The last stack trace BullMQ kept. */
  stack: string | null;
  attemptsMade: number;
  failedAt: string | null;
  data: unknown;
}

export interface QueueState {
  name: string;
  counts: { waiting: number; active: number; failed: number; delayed: number; completed: number };
  /** The latest failed jobs, newest first. */
  failed: QueueFailure[];
}

/** `GET /api/queues` (admin). */
export interface QueuesAnswer {
  queues: QueueState[];
}

/** `POST /api/queues/board-session` (admin): the dashboard's cookie is set; open `url`. */
export interface BoardSession {
  url: string;
  expiresAt: string;
}
