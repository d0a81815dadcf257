import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type {
  DeliveryStatus,
  NotificationCause,
  NotificationChannel,
  NotificationLocale,
  NotificationTrigger,
  UserChannel,
} from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

/** What happened, stored once per cause id: every delivery of it reads the same facts. */
@Entity('notification_causes')
export class NotificationCauseEntity {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  trigger!: NotificationTrigger;

  @Column({ type: 'varchar', length: 32, nullable: true })
  unitCode!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  occurredAt!: number;

  @Column({ type: 'simple-json' })
  cause!: NotificationCause;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;
}

/** One line of a user's inbox; a cause reaches a user's inbox once. */
@Entity('notification_inbox')
@Unique('inbox_cause_user', ['causeId', 'userId'])
@Index('inbox_user_id', ['userId', 'id'])
export class InboxEntryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 120 })
  causeId!: string;

  @Column({ type: 'varchar', length: 40 })
  trigger!: NotificationTrigger;

  @Column({ type: 'varchar', length: 500 })
  titleZh!: string;

  @Column({ type: 'varchar', length: 500 })
  titleEn!: string;

  @Column({ type: 'text' })
  bodyZh!: string;

  @Column({ type: 'text' })
  bodyEn!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  link!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  readAt!: number | null;
}

/** A user's choices; absent: the defaults (inbox for everything, no e-mail). */
@Entity('notification_preferences')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 8, default: 'zh-CN' })
  locale!: NotificationLocale;

  /** Only what the user changed from the defaults. */
  @Column({ type: 'simple-json' })
  channels!: Partial<Record<NotificationTrigger, Partial<Record<UserChannel, boolean>>>>;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}

/** A receiver of signed JSON POSTs, set up by an administrator. */
@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  label!: string;

  @Column({ type: 'varchar', length: 500 })
  url!: string;

  /** HMAC-SHA256 key. Kept in clear because every delivery signs with it. */
  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  @Column({ type: 'simple-json' })
  triggers!: NotificationTrigger[];

  @Column({ type: 'varchar', length: 32, nullable: true })
  unitCode!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  /** Deleted endpoints stay so their deliveries remain readable. */
  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  deletedAt!: number | null;
}

/**
 * One cause to one target over one channel. Its id (`<cause>:<channel>:<target>`) is the
 * job's id too: whatever enqueues or retries it, a delivered row is never sent again.
 */
@Entity('notification_deliveries')
@Index('delivery_target', ['target', 'seq'])
export class NotificationDeliveryEntity {
  /** Order of creation, for paging. */
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'varchar', length: 200, unique: true })
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  causeId!: string;

  @Column({ type: 'varchar', length: 40 })
  trigger!: NotificationTrigger;

  @Column({ type: 'varchar', length: 12 })
  channel!: NotificationChannel;

  @Column({ type: 'varchar', length: 36 })
  target!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  deliveredAt!: number | null;
}

/** Every try of a delivery and how it went. */
@Entity('notification_delivery_attempts')
@Index('attempt_delivery', ['deliveryId'])
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  deliveryId!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: number;

  @Column({ type: 'boolean' })
  ok!: boolean;

  @Column({ type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'integer' })
  durationMs!: number;
}

export const NOTIFICATION_ENTITIES = [
  NotificationCauseEntity,
  InboxEntryEntity,
  NotificationPreferenceEntity,
  WebhookEndpointEntity,
  NotificationDeliveryEntity,
  DeliveryAttemptEntity,
];
