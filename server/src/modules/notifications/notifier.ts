import { Injectable } from '@nestjs/common';
import { NotificationCauseSchema, type NotificationCause, type NotificationChannel } from '@jifen/shared';
import { DataSource, In } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { badRequest, invalidBody } from '../../core/errors/domain-error';
import { JobQueues } from '../../core/queue/job-queues';
import type { JobKey } from '../../core/queue/jobs';
import { UserEntity } from '../auth/auth.entities';
import { NotificationCauseEntity, NotificationDeliveryEntity } from './notification.entities';
import { PreferencesService } from './preferences.service';
import { WebhookService } from './webhook.service';

const JOB_OF: Record<NotificationChannel, JobKey> = {
  in_app: 'notifyInApp',
  email: 'notifyEmail',
  webhook: 'notifyWebhook',
};

/** `<cause>:<channel>:<target>`: one delivery, and (prefixed `notify:`) its job. */
export const deliveryIdOf = (causeId: string, channel: NotificationChannel, target: string) =>
  `${causeId}:${channel}:${target}`;
export const notifyJobId = (deliveryId: string) => `notify:${deliveryId}`;

export interface Notified {
  causeId: string;
  deliveries: { id: string; channel: NotificationChannel; target: string; jobId: string }[];
}

const CHUNK = 250;

/**
 * Turns a cause and its recipients into delivery jobs: one per recipient and channel they
 * chose for the trigger, plus one per webhook endpoint subscribed to it. Every id is
 * derived from the cause, so notifying the same cause again — a retried dispatcher, a
 * restart — finds the same deliveries and jobs and sends nothing twice.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly jobs: JobQueues,
    private readonly preferences: PreferencesService,
    private readonly webhooks: WebhookService,
  ) {}

  async notify(input: NotificationCause, recipients: string[]): Promise<Notified> {
    const parsed = NotificationCauseSchema.safeParse(input);
    if (!parsed.success) throw invalidBody(parsed.error, 'notification cause');
    const cause = parsed.data;
    const userIds = await this.knownUsers([...new Set(recipients)]);
    const now = this.clock.now();
    await this.dataSource
      .getRepository(NotificationCauseEntity)
      .createQueryBuilder()
      .insert()
      .values({
        id: cause.id,
        trigger: cause.trigger,
        unitCode: cause.unitCode,
        occurredAt: Date.parse(cause.occurredAt),
        cause,
        createdAt: now,
      })
      .orIgnore()
      .execute();

    const targets: { channel: NotificationChannel; target: string }[] = [];
    for (const r of await this.preferences.reach(userIds, cause.trigger)) {
      for (const channel of r.channels) targets.push({ channel, target: r.userId });
    }
    for (const e of await this.webhooks.endpointsFor(cause))
      targets.push({ channel: 'webhook', target: e.id });

    const deliveries = targets.map((t) => {
      const id = deliveryIdOf(cause.id, t.channel, t.target);
      return { ...t, id, jobId: notifyJobId(id) };
    });
    for (let i = 0; i < deliveries.length; i += CHUNK) {
      await this.dataSource
        .getRepository(NotificationDeliveryEntity)
        .createQueryBuilder()
        .insert()
        .values(
          deliveries.slice(i, i + CHUNK).map((d) => ({
            id: d.id,
            causeId: cause.id,
            trigger: cause.trigger,
            channel: d.channel,
            target: d.target,
            status: 'pending' as const,
            attempts: 0,
            lastError: null,
            createdAt: now,
            deliveredAt: null,
          })),
        )
        .orIgnore()
        .execute();
    }
    for (const channel of Object.keys(JOB_OF) as NotificationChannel[]) {
      const mine = deliveries.filter((d) => d.channel === channel);
      await this.jobs.enqueueMany(
        JOB_OF[channel],
        mine.map((d) => ({ data: { deliveryId: d.id }, jobId: d.jobId })),
      );
    }
    return { causeId: cause.id, deliveries };
  }

  private async knownUsers(ids: string[]): Promise<string[]> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.dataSource
        .getRepository(UserEntity)
        .find({ select: { id: true }, where: { id: In(ids.slice(i, i + CHUNK)) } });
      for (const r of rows) found.add(r.id);
    }
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length) {
      throw badRequest(
        'NOTIFICATION.UNKNOWN_RECIPIENT',
        `recipients: no user ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ' …' : ''}`,
        `接收人不存在：${unknown.slice(0, 5).join('、')}`,
      );
    }
    return ids;
  }
}
