import { AuditEntity } from '../../modules/audit/audit.entity';
import {
  AccessTokenEntity,
  SettingEntity,
  UserEntity,
  UserSessionEntity,
} from '../../modules/auth/auth.entities';
import { SubjectEntity } from '../../modules/cases/subject.entity';
import { EventEntity } from '../../modules/ingest/event.entity';
import { NOTIFICATION_ENTITIES } from '../../modules/notifications/notification.entities';
import { OfficerEntity, OfficerUnitEntity, UnitEntity } from '../../modules/org/org.entities';
import {
  CapClaimEntity,
  CatalogueVersionEntity,
  ClosedMonthEntity,
  LedgerEntryEntity,
} from '../../modules/scoring/scoring.entities';
import {
  AppealEntity,
  HolidayEntity,
  ObligationEntity,
  ProblemEntity,
  ProblemHistoryEntity,
} from '../../modules/supervision/supervision.entities';
import { PublicationSnapshotEntity } from '../../modules/publication/publication.entities';
import { OutboxCursorEntity } from '../outbox/outbox-cursor.entity';
import { WallConfigEntity } from '../../modules/walls/wall-config.entity';
import { OutboxEntity, OutboxSequenceEntity } from '../outbox/outbox.entity';

/**
 * Every table, listed once for the data source and the migration generator. (The one
 * place core names module entities: TypeORM needs the full list at connection time.)
 */
export const ENTITIES = [
  UnitEntity,
  OfficerEntity,
  OfficerUnitEntity,
  UserEntity,
  AccessTokenEntity,
  UserSessionEntity,
  SettingEntity,
  AuditEntity,
  EventEntity,
  SubjectEntity,
  LedgerEntryEntity,
  CapClaimEntity,
  CatalogueVersionEntity,
  ClosedMonthEntity,
  OutboxEntity,
  OutboxSequenceEntity,
  OutboxCursorEntity,
  ObligationEntity,
  ProblemEntity,
  ProblemHistoryEntity,
  AppealEntity,
  HolidayEntity,
  ...NOTIFICATION_ENTITIES,
  WallConfigEntity,
  PublicationSnapshotEntity,
];

/** Partitioned by month on Postgres, with hand-written migrations (docs/OPERATIONS.md "Monthly partitions"). */
export const HAND_MANAGED_ENTITIES: unknown[] = [EventEntity, LedgerEntryEntity];
