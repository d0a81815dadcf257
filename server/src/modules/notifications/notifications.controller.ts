import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateWebhookSchema,
  DeliveryQuerySchema,
  InboxQuerySchema,
  PreferencesBodySchema,
  UpdateWebhookSchema,
  type CreateWebhookBody,
  type DeliveryQuery,
  type InboxQuery,
  type PreferencesBody,
  type UpdateWebhookBody,
} from '@jifen/shared';
import { forbidden } from '../../core/errors/domain-error';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, Roles } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { DeliveryLog } from './delivery-log';
import { InboxService, type Reader } from './inbox.service';
import { PreferencesService } from './preferences.service';
import { WebhookService } from './webhook.service';

/** Inboxes and preferences belong to people, not to kiosk or source-system tokens. */
function readerOf(p: Principal): Reader {
  if (p.kind !== 'user') throw forbidden('only a logged-in user has an inbox', '只有登录用户才有通知收件箱');
  return { id: p.id, name: p.name };
}
const userIdOf = (p: Principal): string => readerOf(p).id;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
@Roles('admin', 'supervisor', 'officer')
export class NotificationsController {
  constructor(
    private readonly inbox: InboxService,
    private readonly preferences: PreferencesService,
    private readonly log: DeliveryLog,
  ) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(InboxQuerySchema, 'query')) q: InboxQuery) {
    return this.inbox.list(userIdOf(p), q);
  }

  @Get('unread-count')
  async unread(@CurrentPrincipal() p: Principal) {
    return { unread: await this.inbox.unread(userIdOf(p)) };
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentPrincipal() p: Principal) {
    return this.inbox.markAllRead(readerOf(p));
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.inbox.markRead(readerOf(p), id);
  }

  @Get('preferences')
  getPreferences(@CurrentPrincipal() p: Principal) {
    return this.preferences.get(userIdOf(p));
  }

  @Put('preferences')
  putPreferences(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodPipe(PreferencesBodySchema)) body: PreferencesBody,
  ) {
    return this.preferences.update(readerOf(p), body);
  }

  /** Every delivery on every channel with each try and its outcome. */
  @Roles('admin')
  @Get('deliveries')
  deliveries(@Query(new ZodPipe(DeliveryQuerySchema, 'query')) q: DeliveryQuery) {
    return this.log.list(q);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('webhooks')
@Roles('admin')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhookService,
    private readonly log: DeliveryLog,
  ) {}

  @Get()
  list() {
    return this.webhooks.list();
  }

  @Post()
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(CreateWebhookSchema)) body: CreateWebhookBody) {
    return this.webhooks.create(p, body);
  }

  @Patch(':id')
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(UpdateWebhookSchema)) body: UpdateWebhookBody,
  ) {
    return this.webhooks.update(p, id, body);
  }

  @Delete(':id')
  remove(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.webhooks.remove(p, id);
  }

  @Get(':id/deliveries')
  deliveries(@Param('id') id: string, @Query(new ZodPipe(DeliveryQuerySchema, 'query')) q: DeliveryQuery) {
    return this.log.list({ ...q, channel: 'webhook', target: id });
  }
}
