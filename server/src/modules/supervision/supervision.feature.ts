import type { Provider, Type } from '@nestjs/common';
import { ALERT_FEED } from '../live/live-data.service';
import { AlertController } from './alert.controller';
import { AppealsService } from './appeals.service';
import { DeadlineSweeper } from './deadline-sweeper';
import { HolidayService } from './holiday.service';
import { ProblemQueries } from './problem-queries.service';
import { ProblemSteps } from './problem-steps.service';
import { ProblemService } from './problem.service';

/** The supervision feature's providers and controllers (problems, their life cycle, appeals, the sweep). */
export const SUPERVISION_PROVIDERS: Provider[] = [
  HolidayService,
  ProblemService,
  ProblemQueries,
  ProblemSteps,
  AppealsService,
  DeadlineSweeper,
  { provide: ALERT_FEED, useExisting: ProblemQueries },
];
export const SUPERVISION_CONTROLLERS: Type[] = [AlertController];
