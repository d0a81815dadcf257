import type { Provider, Type } from '@nestjs/common';
import { Mailer, WebhookSender } from './channels';
import { DeliveryLog } from './delivery-log';
import { DeliveryService } from './delivery.service';
import { NotificationDispatcher } from './dispatcher';
import { InboxService } from './inbox.service';
import { NotificationsController, WebhooksController } from './notifications.controller';
import { Notifier } from './notifier';
import { PreferencesService } from './preferences.service';
import { NoPublishedPeriods, PublishedPeriods } from './published-periods';
import { Recipients } from './recipients';
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
  Recipients,
  NotificationDispatcher,
  // Replaced by the publication module's store of snapshots once it is wired.
  { provide: PublishedPeriods, useClass: NoPublishedPeriods },
];
export const NOTIFICATION_CONTROLLERS: Type[] = [NotificationsController, WebhooksController];
