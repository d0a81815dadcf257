import type { Provider, Type } from '@nestjs/common';
import { INGEST_STAGES } from '../ingest/ingest-stage';
import { ALERT_FEED } from '../live/live-data.service';
import { AlertController } from './alert.controller';
import { AlertService } from './alert.service';
import { DeadlineSweeper } from './deadline-sweeper';
import { HolidayService } from './holiday.service';
import { ObligationRaiser } from './obligation-raiser';
import { ProblemService } from './problem.service';
import { SupervisionStage } from './supervision.stage';

/** The supervision feature's providers and controllers (obligations, problems, appeals). */
export const SUPERVISION_PROVIDERS: Provider[] = [
  HolidayService,
  ProblemService,
  ObligationRaiser,
  SupervisionStage,
  DeadlineSweeper,
  AlertService,
  { provide: INGEST_STAGES, useFactory: (stage: SupervisionStage) => [stage], inject: [SupervisionStage] },
  { provide: ALERT_FEED, useExisting: AlertService },
];
export const SUPERVISION_CONTROLLERS: Type[] = [AlertController];
