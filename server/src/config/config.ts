import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MAX_REPLAY } from '@jifen/shared';
import { z } from 'zod';

/**
 * Every environment variable of DESIGN.md "Configuration", validated once at boot.
 * Each has a default so a fresh clone starts with nothing but Redis.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'DATABASE_URL must be a postgres:// URL (leave it unset for the embedded database)',
    )
    .optional(),
  JIFEN_SQLITE_FILE: z.string().default(path.resolve(process.cwd(), 'data', 'jifen.sqlite')),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key, queue and channel, so several deployments (or test runs) share one Redis. */
  JIFEN_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:-]{1,40}$/)
    .default('jifen'),
  JIFEN_TIMEZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'JIFEN_TIMEZONE is not an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  JIFEN_ADMIN_PASSWORD: z.string().min(10, 'JIFEN_ADMIN_PASSWORD needs at least 10 characters').optional(),
  JIFEN_DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  JIFEN_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  JIFEN_JWT_SECRET: z.string().min(32).optional(),
  JIFEN_WEB_DIST: z.string().default(path.resolve(__dirname, '..', '..', '..', 'web', 'dist')),
  /** Events per second the demo simulator produces. */
  JIFEN_DEMO_RATE: z.coerce.number().min(0).max(5000).default(4),
  JIFEN_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
  /** Events that happened longer ago than this are refused: they would be judged into nonsense periods. */
  JIFEN_EVENT_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(36_500).default(1830),
  /** Events dated further ahead than this (clock skew allowance) are refused. */
  JIFEN_EVENT_MAX_AHEAD_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  /**
   * The live replay window: a client further behind than this many outbox rows of its scope
   * gets a fresh snapshot instead of a replay (a replay that long would take longer than a snapshot).
   */
  JIFEN_LIVE_MAX_REPLAY: z.coerce.number().int().min(1).max(1_000_000).default(MAX_REPLAY),
  /** A job's lock, in seconds: a killed worker's job is taken over within about twice this. */
  JIFEN_JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /** `json` lines for log collectors; `pretty` for a person at a terminal. */
  JIFEN_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  NODE_ENV: z.string().optional(),
  /** E-mail notifications are off unless this is set (smtp://user:pass@host:587 or smtps://…). */
  JIFEN_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'JIFEN_SMTP_URL must be an smtp:// or smtps:// URL')
    .optional(),
  JIFEN_SMTP_FROM: z.string().min(3).max(200).optional(),
  /** How long a login lasts before the session JWT must be refreshed or the person logs in again. */
  JIFEN_SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(43_200).default(720),
  /** Lifetime of a new display or ingest token unless its creator names one; 0: they do not expire. */
  JIFEN_API_TOKEN_TTL_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
  /** After a rotation or refresh, the old secret or session token keeps working this long. */
  JIFEN_TOKEN_ROTATION_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** How often the live server checks that the tokens of its open sockets are still valid. */
  JIFEN_LIVE_TOKEN_RECHECK_SECONDS: z.coerce.number().min(0.2).max(300).default(5),
  /** Largest request body, in bytes after decompression; a larger one is answered 413. */
  JIFEN_BODY_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /** Deepest nesting of arrays and objects a JSON body may have; deeper is answered 400. */
  JIFEN_JSON_MAX_DEPTH: z.coerce.number().int().min(2).max(1000).default(32),
  /** Most keys one JSON object of a body may have; more is answered 400. */
  JIFEN_JSON_MAX_KEYS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Most events in one POST /api/events batch; more is answered 400. */
  JIFEN_BATCH_MAX_EVENTS: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Messages one live socket may send per minute (a burst of a tenth of it at once); beyond, refused, and far beyond, disconnected. */
  JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Failed logins of one username (any case) or one address before it is locked out. */
  JIFEN_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** How long failures are counted and a lock-out lasts, in seconds. */
  JIFEN_LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Browser origins allowed besides the server's own (comma-separated), for CORS and the live feed's handshake. */
  JIFEN_ALLOWED_ORIGINS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^https?:\/\/[^/\s]+$/,
            'JIFEN_ALLOWED_ORIGINS holds origins such as https://jifen.example.org',
          ),
      ),
    )
    .default(['http://localhost:5173', 'http://127.0.0.1:5173']),
});

export interface AppConfig {
  port: number;
  host: string;
  database: { driver: 'postgres'; url: string } | { driver: 'sqlite'; file: string };
  redisUrl: string;
  redisPrefix: string;
  timeZone: string;
  adminPassword: string | null;
  demo: boolean;
  role: 'all' | 'api' | 'worker';
  jwtSecret: string | null;
  webDist: string;
  demoRate: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  events: { maxAgeDays: number; maxAheadMinutes: number; maxPerBatch: number };
  /** What a request may be (docs/SECURITY.md "Limits"). */
  limits: { bodyBytes: number; jsonDepth: number; jsonKeys: number; liveMessagesPerMinute: number };
  login: { maxFailures: number; lockoutSeconds: number };
  /** Origins other than the server's own that browsers may call from. */
  allowedOrigins: string[];
  logFormat: 'json' | 'pretty';
  /** Outbox rows a resuming live client may be behind and still get a replay. */
  liveMaxReplay: number;
  /** How long a job's lock lasts (and how often stalled jobs are looked for), in ms. */
  jobLockMs: number;
  /** null: e-mail notifications are off. */
  smtp: { url: string; from: string } | null;
  tokens: {
    sessionTtlMinutes: number;
    /** 0: API tokens do not expire unless their creator says so. */
    apiTokenTtlDays: number;
    rotationOverlapSeconds: number;
    liveRecheckSeconds: number;
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`${first.path.join('.')}: ${first.message}`);
  }
  const e = parsed.data;
  if (e.JIFEN_SMTP_URL && !e.JIFEN_SMTP_FROM) {
    throw new ConfigError('JIFEN_SMTP_FROM: the sender address is required when JIFEN_SMTP_URL is set');
  }
  const database = e.DATABASE_URL
    ? ({ driver: 'postgres', url: e.DATABASE_URL } as const)
    : ({ driver: 'sqlite', file: e.JIFEN_SQLITE_FILE } as const);
  const demo =
    e.JIFEN_DEMO === undefined
      ? database.driver === 'sqlite'
      : e.JIFEN_DEMO === '1' || e.JIFEN_DEMO === 'true';
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.JIFEN_REDIS_PREFIX,
    timeZone: e.JIFEN_TIMEZONE,
    adminPassword: e.JIFEN_ADMIN_PASSWORD ?? null,
    demo,
    role: e.JIFEN_ROLE,
    jwtSecret: e.JIFEN_JWT_SECRET ?? null,
    webDist: e.JIFEN_WEB_DIST,
    demoRate: e.JIFEN_DEMO_RATE,
    logLevel: e.JIFEN_LOG_LEVEL,
    events: {
      maxAgeDays: e.JIFEN_EVENT_MAX_AGE_DAYS,
      maxAheadMinutes: e.JIFEN_EVENT_MAX_AHEAD_MINUTES,
      maxPerBatch: e.JIFEN_BATCH_MAX_EVENTS,
    },
    limits: {
      bodyBytes: e.JIFEN_BODY_MAX_BYTES,
      jsonDepth: e.JIFEN_JSON_MAX_DEPTH,
      jsonKeys: e.JIFEN_JSON_MAX_KEYS,
      liveMessagesPerMinute: e.JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE,
    },
    login: { maxFailures: e.JIFEN_LOGIN_MAX_FAILURES, lockoutSeconds: e.JIFEN_LOGIN_LOCKOUT_SECONDS },
    allowedOrigins: e.JIFEN_ALLOWED_ORIGINS,
    logFormat: e.JIFEN_LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty'),
    liveMaxReplay: e.JIFEN_LIVE_MAX_REPLAY,
    jobLockMs: e.JIFEN_JOB_LOCK_SECONDS * 1000,
    smtp: e.JIFEN_SMTP_URL ? { url: e.JIFEN_SMTP_URL, from: e.JIFEN_SMTP_FROM! } : null,
    tokens: {
      sessionTtlMinutes: e.JIFEN_SESSION_TTL_MINUTES,
      apiTokenTtlDays: e.JIFEN_API_TOKEN_TTL_DAYS,
      rotationOverlapSeconds: e.JIFEN_TOKEN_ROTATION_OVERLAP_SECONDS,
      liveRecheckSeconds: e.JIFEN_LIVE_TOKEN_RECHECK_SECONDS,
    },
  };
}

export function generateSecret(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

/** Injection token for the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
