import { Inject, Injectable } from '@nestjs/common';
import type { NotificationCause, NotificationDeliveryJob } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { isFinalAttempt, type JobContext } from '../../core/queue/jobs';
import { OnJob } from '../../core/queue/on-job';
import { Mailer, WebhookSender, type AttemptOutcome } from './channels';
import { InboxService } from './inbox.service';
import { describeCause, type NotificationText } from './notification-text';
import {
  DeliveryAttemptEntity,
  NotificationCauseEntity,
  NotificationDeliveryEntity,
} from './notification.entities';
import { PreferencesService } from './preferences.service';
import { WebhookService } from './webhook.service';

/** An outcome that no retry can change (the endpoint was deleted, the address removed). */
type Outcome = AttemptOutcome & { permanent?: boolean };

export interface DeliveryResult {
  deliveryId: string;
  status: 'delivered' | 'failed' | 'already_delivered';
}

class DeliveryFailed extends Error {}

/**
 * Runs delivery jobs. Each try is written to the delivery log; a delivery marked delivered
 * is never sent again, whatever re-enqueues or retries its job. A failed try throws so
 * BullMQ retries it with exponential backoff — in its own job, so a failing endpoint never
 * holds up deliveries to the others.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly inbox: InboxService,
    private readonly mailer: Mailer,
    private readonly sender: WebhookSender,
    private readonly preferences: PreferencesService,
    private readonly webhooks: WebhookService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnJob('notifyInApp')
  inApp(job: NotificationDeliveryJob, ctx: JobContext): Promise<DeliveryResult> {
    return this.attempt(job.deliveryId, ctx, async (d, cause, text) => {
      const started = Date.now();
      await this.inbox.deliver(d.target, cause, text);
      return { ok: true, statusCode: null, error: null, durationMs: Date.now() - started };
    });
  }

  @OnJob('notifyEmail')
  email(job: NotificationDeliveryJob, ctx: JobContext): Promise<DeliveryResult> {
    return this.attempt(job.deliveryId, ctx, async (d, _cause, text) => {
      const prefs = await this.preferences.get(d.target);
      if (!prefs.email) {
        return {
          ok: false,
          statusCode: null,
          error: 'the user has no e-mail address',
          durationMs: 0,
          permanent: true,
        };
      }
      const lang = prefs.locale === 'en' ? 'en' : 'zh';
      const link = text.link ? `\n\n${text.link}` : '';
      return this.mailer.send({
        to: prefs.email,
        subject: text.title[lang],
        text: `${text.body[lang]}${link}\n\n— ${lang === 'zh' ? '执法办案积分系统' : 'Jifen'}`,
        deliveryId: d.id,
      });
    });
  }

  @OnJob('notifyWebhook')
  webhook(job: NotificationDeliveryJob, ctx: JobContext): Promise<DeliveryResult> {
    return this.attempt(job.deliveryId, ctx, async (d, cause, text) => {
      const endpoint = await this.webhooks.active(d.target);
      if (!endpoint) {
        return {
          ok: false,
          statusCode: null,
          error: 'the endpoint was deleted or disabled',
          durationMs: 0,
          permanent: true,
        };
      }
      return this.sender.send(
        endpoint,
        { id: d.id, cause, title: text.title, body: text.body, link: text.link, sentAt: this.clock.nowIso() },
        cause.trigger,
      );
    });
  }

  private async attempt(
    deliveryId: string,
    ctx: JobContext,
    send: (
      d: NotificationDeliveryEntity,
      cause: NotificationCause,
      text: NotificationText,
    ) => Promise<Outcome>,
  ): Promise<DeliveryResult> {
    const deliveries = this.dataSource.getRepository(NotificationDeliveryEntity);
    const d = await deliveries.findOneBy({ id: deliveryId });
    if (!d) throw new DeliveryFailed(`no delivery ${deliveryId}`);
    if (d.status === 'delivered') return { deliveryId, status: 'already_delivered' };
    const { cause } = await this.dataSource
      .getRepository(NotificationCauseEntity)
      .findOneByOrFail({ id: d.causeId });
    const outcome = await send(d, cause, describeCause(cause, this.config.timeZone));
    const at = this.clock.now();
    const attempt = d.attempts + 1;
    const final = outcome.ok || outcome.permanent || isFinalAttempt(ctx);
    // Through the unit of work: on the embedded database it keeps this from opening a
    // transaction inside a writer's on the one connection.
    await this.uow.run(
      async (m) => {
        await m.insert(DeliveryAttemptEntity, {
          deliveryId,
          attempt,
          at,
          ok: outcome.ok,
          statusCode: outcome.statusCode,
          error: outcome.error,
          durationMs: outcome.durationMs,
        });
        await m.update(
          NotificationDeliveryEntity,
          { id: deliveryId },
          {
            attempts: attempt,
            lastError: outcome.error,
            status: outcome.ok ? 'delivered' : final ? 'failed' : 'pending',
            deliveredAt: outcome.ok ? at : null,
          },
        );
      },
      { quiet: true },
    );
    if (outcome.ok) return { deliveryId, status: 'delivered' };
    if (outcome.permanent) return { deliveryId, status: 'failed' };
    throw new DeliveryFailed(outcome.error ?? 'failed');
  }
}
