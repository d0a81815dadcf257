import type { Provider, Type } from '@nestjs/common';
import { Mailer, WebhookSender } from './channels';
import { DeliveryLog } from './delivery-log';
import { DeliveryService } from './delivery.service';
import { NotificationDispatcher } from './dispatcher';
import { InboxService } from './inbox.service';
import { NotificationsController, WebhooksController } from './notifications.controller';
import { Notifier } from './notifier';
import { PreferencesService } from './preferences.service';
import { Recipients } from './recipients';
import { WebhookService } from './webhook.service';

/**
 * The notifications feature: causes in, deliveries out (inbox, e-mail, webhooks). The
 * `PublishedPeriods` port is bound by the app module to the publication module's snapshots.
 */
export const NOTIFICATION_PROVIDERS: Provider[] = [
  PreferencesService,
  WebhookService,
  InboxService,
  Mailer,
  WebhookSender,
  Notifier,
  DeliveryService,
  DeliveryLog,
  Recipients,
  NotificationDispatcher,
];
export const NOTIFICATION_CONTROLLERS: Type[] = [NotificationsController, WebhooksController];
