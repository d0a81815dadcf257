import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { WEBHOOK_HEADERS, WEBHOOK_SIGNATURE_PREFIX, type WebhookPayload } from '@jifen/shared';
import { createHash, createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';

/** How one try went, as the delivery log stores it. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** A webhook that does not answer within this is a failed try (and retried later). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>` with the endpoint's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return WEBHOOK_SIGNATURE_PREFIX + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

const short = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/** Signed JSON POSTs. Redirects are not followed: an endpoint answers where it was set up. */
@Injectable()
export class WebhookSender {
  constructor(private readonly clock: Clock) {}

  async send(
    endpoint: { url: string; secret: string },
    payload: WebhookPayload,
    trigger: string,
  ): Promise<AttemptOutcome> {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(this.clock.now() / 1000);
    const started = Date.now();
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Jifen-Webhook/1',
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(endpoint.secret, timestamp, body),
          [WEBHOOK_HEADERS.delivery]: payload.id,
          [WEBHOOK_HEADERS.trigger]: trigger,
        },
        body,
      });
      const text = await res.text().catch(() => '');
      const ok = res.status >= 200 && res.status < 300;
      return {
        ok,
        statusCode: res.status,
        error: ok ? null : short(`HTTP ${res.status}${text ? `: ${text}` : ''}`),
        durationMs: Date.now() - started,
      };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const reason =
        err.name === 'TimeoutError'
          ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
          : (err.cause?.code ?? err.cause?.message ?? err.message);
      return { ok: false, statusCode: null, error: short(reason), durationMs: Date.now() - started };
    }
  }
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The delivery id: the same Message-ID on every retry, so mail systems can drop repeats. */
  deliveryId: string;
}

/** E-mail over SMTP (nodemailer); absent unless JIFEN_SMTP_URL is set. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.from = config.smtp?.from ?? '';
    this.transport = config.smtp
      ? nodemailer.createTransport({
          url: config.smtp.url,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        } as Parameters<typeof nodemailer.createTransport>[0])
      : null;
  }

  get available(): boolean {
    return this.transport !== null;
  }

  async send(m: MailMessage): Promise<AttemptOutcome> {
    const started = Date.now();
    if (!this.transport) {
      return {
        ok: false,
        statusCode: null,
        error: 'e-mail is not configured (JIFEN_SMTP_URL)',
        durationMs: 0,
      };
    }
    const domain = /@([^>\s]+)>?\s*$/.exec(this.from)?.[1] ?? 'jifen.local';
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${createHash('sha256').update(m.deliveryId).digest('hex').slice(0, 32)}@${domain}>`,
        headers: { 'X-Jifen-Delivery': m.deliveryId },
      });
      return {
        ok: true,
        statusCode: Number(/^(\d{3})/.exec(info.response ?? '')?.[1] ?? 250),
        error: null,
        durationMs: Date.now() - started,
      };
    } catch (e) {
      const err = e as Error & { responseCode?: number };
      return {
        ok: false,
        statusCode: err.responseCode ?? null,
        error: short(err.message),
        durationMs: Date.now() - started,
      };
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
