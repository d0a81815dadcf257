import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from './config/config';
import { Clock } from './core/clock/clock';
import { dataSourceOptions } from './core/database/data-source-options';
import { UnitOfWork } from './core/database/unit-of-work';
import { ErrorFilter } from './core/errors/error.filter';
import { HealthController } from './core/health/health.controller';
import { OutboxCursors } from './core/outbox/outbox-cursors';
import { Metrics } from './core/metrics/metrics';
import { MetricsController } from './core/metrics/metrics.controller';
import { MetricsSources } from './core/metrics/metrics.sources';
import { OutboxSequencer } from './core/outbox/outbox-sequencer';
import { OutboxWriter } from './core/outbox/outbox.writer';
import { JobQueues } from './core/queue/job-queues';
import { JobRunner } from './core/queue/job-runner';
import { LiveAuthenticator } from './core/realtime/live-authenticator';
import { LiveData } from './core/realtime/live-hooks';
import { LiveServer } from './core/realtime/live.server';
import { OutboxReader } from './core/realtime/outbox.reader';
import { RoomPresence } from './core/realtime/room-presence';
import { OutboxRelay } from './core/realtime/outbox.relay';
import { RedisService } from './core/redis/redis.service';
import { AuditController } from './modules/audit/audit.controller';
import { AuditService } from './modules/audit/audit.service';
import { AuthController } from './modules/auth/auth.controller';
import { AuthGuard } from './modules/auth/auth.guard';
import { AuthService } from './modules/auth/auth.service';
import { TokenLiveAuthenticator } from './modules/auth/live-authenticator.service';
import { DemoBureau } from './modules/demo/demo-bureau';
import { DemoHistory } from './modules/demo/demo-history';
import { DemoSupervision } from './modules/demo/demo-supervision';
import { EventSimulator } from './modules/demo/event-simulator';
import { IngestController } from './modules/ingest/ingest.controller';
import { IngestService } from './modules/ingest/ingest.service';
import { JudgementRepository } from './modules/judgement/judgement.repository';
import { JudgementService } from './modules/judgement/judgement.service';
import { RefoldService } from './modules/judgement/refold.service';
import { RulePreview } from './modules/judgement/rule-preview.service';
import { RulesController } from './modules/judgement/rules.controller';
import { LiveDataService } from './modules/live/live-data.service';
import { OutboxPruner } from './modules/maintenance/outbox-pruner';
import { PartitionMaintainer } from './modules/maintenance/partition-maintainer';
import {
  NOTIFICATION_CONTROLLERS,
  NOTIFICATION_PROVIDERS,
} from './modules/notifications/notifications.feature';
import { OrgController } from './modules/org/org.controller';
import { QueueBoard } from './modules/queues/queue-board';
import { QueuesController } from './modules/queues/queues.controller';
import { OrgService } from './modules/org/org.service';
import { PUBLICATION_CONTROLLERS, PUBLICATION_PROVIDERS } from './modules/publication/publication.feature';
import { SnapshotHonours } from './modules/publication/published-honours';
import { PublishedPeriods } from './modules/notifications/published-periods';
import { RATES_CONTROLLERS, RATES_PROVIDERS } from './modules/rates/rates.feature';
import { CatalogueService } from './modules/scoring/catalogue.service';
import { LeaderboardCache } from './modules/scoring/leaderboard.cache';
import { LeaderboardService } from './modules/scoring/leaderboard.service';
import { LedgerService } from './modules/scoring/ledger.service';
import { ScoreController } from './modules/scoring/score.controller';
import { ScoreService } from './modules/scoring/score.service';
import { SUPERVISION_CONTROLLERS, SUPERVISION_PROVIDERS } from './modules/supervision/supervision.feature';
import { WALLS_CONTROLLERS, WALLS_PROVIDERS } from './modules/walls/walls.feature';

/** Infrastructure every role needs. */
const CORE_PROVIDERS = [
  RedisService,
  UnitOfWork,
  OutboxWriter,
  OutboxCursors,
  OutboxSequencer,
  OutboxReader,
  RoomPresence,
  JobQueues,
  JobRunner,
  LiveServer,
  OutboxRelay,
  Metrics,
  MetricsSources,
];

/** The product, feature by feature. */
const FEATURE_PROVIDERS = [
  AuditService,
  OrgService,
  AuthService,
  CatalogueService,
  LedgerService,
  LeaderboardCache,
  LeaderboardService,
  ScoreService,
  JudgementRepository,
  JudgementService,
  RefoldService,
  RulePreview,
  IngestService,
  OutboxPruner,
  PartitionMaintainer,
  DemoBureau,
  EventSimulator,
  DemoSupervision,
  DemoHistory,
  ...SUPERVISION_PROVIDERS,
  ...NOTIFICATION_PROVIDERS,
  QueueBoard,
  ...RATES_PROVIDERS,
  ...WALLS_PROVIDERS,
  ...PUBLICATION_PROVIDERS,
  { provide: PublishedPeriods, useClass: SnapshotHonours },
  { provide: LiveAuthenticator, useClass: TokenLiveAuthenticator },
  { provide: LiveData, useClass: LiveDataService },
];

const CONTROLLERS = [
  HealthController,
  MetricsController,
  AuthController,
  OrgController,
  IngestController,
  ScoreController,
  RulesController,
  AuditController,
  ...SUPERVISION_CONTROLLERS,
  ...NOTIFICATION_CONTROLLERS,
  QueuesController,
  ...RATES_CONTROLLERS,
  ...WALLS_CONTROLLERS,
  ...PUBLICATION_CONTROLLERS,
];

@Module({})
export class AppModule {
  /** One module for every role: main.ts decides whether to serve HTTP, run workers, or both. */
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [DiscoveryModule, TypeOrmModule.forRoot({ ...dataSourceOptions(config), retryAttempts: 0 })],
      controllers: CONTROLLERS,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        ...CORE_PROVIDERS,
        ...FEATURE_PROVIDERS,
      ],
    };
  }
}
