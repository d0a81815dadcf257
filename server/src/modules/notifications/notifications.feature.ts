import type { Provider, Type } from '@nestjs/common';
import { Mailer, WebhookSender } from './channels';
import { DeliveryLog } from './delivery-log';
import { DeliveryService } from './delivery.service';
import { InboxService } from './inbox.service';
import { NotificationsController, WebhooksController } from './notifications.controller';
import { Notifier } from './notifier';
import { PreferencesService } from './preferences.service';
import { WebhookService } from './webhook.service';

/** The notifications feature: causes in, deliveries out (inbox, e-mail, webhooks). */
export const NOTIFICATION_PROVIDERS: Provider[] = [
  PreferencesService,
  WebhookService,
  InboxService,
  Mailer,
  WebhookSender,
  Notifier,
  DeliveryService,
  DeliveryLog,
];
export const NOTIFICATION_CONTROLLERS: Type[] = [NotificationsController, WebhooksController];
