import { Injectable } from '@nestjs/common';
import type {
  CreateWebhookBody,
  NotificationCause,
  UpdateWebhookBody,
  WebhookEndpointView,
  WebhookWithSecret,
} from '@jifen/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { badRequest, notFound } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { AuditService } from '../audit/audit.service';
import { OrgService } from '../org/org.service';
import { WebhookEndpointEntity } from './notification.entities';

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** Webhook endpoints, managed by administrators; every change is audited. */
@Injectable()
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(WebhookEndpointEntity);
  }

  async list(): Promise<WebhookEndpointView[]> {
    const rows = await this.repo.find({ where: { deletedAt: IsNull() }, order: { createdAt: 'ASC' } });
    return rows.map(toView);
  }

  async create(actor: Principal, body: CreateWebhookBody): Promise<WebhookWithSecret> {
    this.assertUnit(body.unitCode ?? null);
    const row: WebhookEndpointEntity = {
      id: randomUUID(),
      label: body.label,
      url: body.url,
      secret: newSecret(),
      triggers: [...new Set(body.triggers)],
      unitCode: body.unitCode ?? null,
      enabled: body.enabled,
      createdAt: this.clock.now(),
      createdBy: actor.name,
      deletedAt: null,
    };
    await this.uow.run(async (m) => {
      await m.insert(WebhookEndpointEntity, row);
      await this.audit.record(m, actor.name, 'webhook.created', `webhook:${row.id}`, {
        before: null,
        after: toView(row),
      });
    });
    return { ...toView(row), secret: row.secret };
  }

  async update(
    actor: Principal,
    id: string,
    body: UpdateWebhookBody,
  ): Promise<WebhookEndpointView | WebhookWithSecret> {
    const row = await this.found(id);
    const before = toView(row);
    if (body.unitCode !== undefined) this.assertUnit(body.unitCode);
    const { rotateSecret, ...changes } = body;
    Object.assign(row, changes);
    if (changes.triggers) row.triggers = [...new Set(changes.triggers)];
    if (rotateSecret) row.secret = newSecret();
    await this.uow.run(async (m) => {
      await m.save(WebhookEndpointEntity, row);
      await this.audit.record(m, actor.name, 'webhook.updated', `webhook:${id}`, {
        before,
        after: toView(row),
        rotatedSecret: !!rotateSecret,
      });
    });
    return rotateSecret ? { ...toView(row), secret: row.secret } : toView(row);
  }

  /** Deleted endpoints receive nothing more; their deliveries stay readable. */
  async remove(actor: Principal, id: string): Promise<WebhookEndpointView> {
    const row = await this.found(id);
    const before = toView(row);
    row.deletedAt = this.clock.now();
    row.enabled = false;
    await this.uow.run(async (m) => {
      await m.save(WebhookEndpointEntity, row);
      await this.audit.record(m, actor.name, 'webhook.deleted', `webhook:${id}`, {
        before,
        after: toView(row),
      });
    });
    return toView(row);
  }

  /** Enabled endpoints subscribed to the cause's trigger whose scope holds the cause's unit. */
  async endpointsFor(cause: NotificationCause): Promise<WebhookEndpointEntity[]> {
    const rows = await this.repo.find({ where: { enabled: true, deletedAt: IsNull() } });
    const directory = this.org.directory;
    return rows.filter(
      (r) =>
        r.triggers.includes(cause.trigger) &&
        (r.unitCode === null || (cause.unitCode !== null && directory.isWithin(cause.unitCode, r.unitCode))),
    );
  }

  /** An endpoint to send to now: still there and enabled, else null (the delivery is dropped). */
  async active(id: string): Promise<WebhookEndpointEntity | null> {
    return this.repo.findOneBy({ id, enabled: true, deletedAt: IsNull() });
  }

  private async found(id: string): Promise<WebhookEndpointEntity> {
    const row = await this.repo.findOneBy({ id, deletedAt: IsNull() });
    if (!row) throw notFound('WEBHOOK.NOT_FOUND', `webhook ${id} does not exist`, `Webhook ${id} 不存在`);
    return row;
  }

  private assertUnit(unitCode: string | null): void {
    if (unitCode !== null && !this.org.directory.unit(unitCode)) {
      throw badRequest(
        'WEBHOOK.UNKNOWN_UNIT',
        `unitCode: unit ${unitCode} does not exist`,
        `单位 ${unitCode} 不存在`,
      );
    }
  }
}

function toView(r: WebhookEndpointEntity): WebhookEndpointView {
  return {
    id: r.id,
    label: r.label,
    url: r.url,
    triggers: r.triggers,
    unitCode: r.unitCode,
    enabled: r.enabled,
    createdAt: new Date(r.createdAt).toISOString(),
    createdBy: r.createdBy,
  };
}
