import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AdjustmentSchema,
  LeaderboardQuerySchema,
  type AdjustmentBody,
  type LeaderboardQuery,
} from '@jifen/shared';
import { z } from 'zod';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, Roles } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { resolveScope } from '../auth/scope';
import { OrgService } from '../org/org.service';
import { LeaderboardService } from './leaderboard.service';
import { ScoreService } from './score.service';

const PeriodQuery = z.object({ period: z.string().max(10).optional() });

@ApiTags('scores')
@ApiBearerAuth()
@Controller()
export class ScoreController {
  constructor(
    private readonly leaderboard: LeaderboardService,
    private readonly scores: ScoreService,
    private readonly org: OrgService,
  ) {}

  @Get('leaderboard')
  async get(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(LeaderboardQuerySchema, 'query')) q: LeaderboardQuery,
  ) {
    const scope = resolveScope(this.org.directory, p, q.unitCode);
    const period = q.period ?? this.leaderboard.currentMonth();
    return q.by === 'unit'
      ? this.leaderboard.units(period, scope, q.limit)
      : this.leaderboard.officers(period, scope, q.limit);
  }

  @Get('officers/:badgeNo/score')
  score(
    @CurrentPrincipal() p: Principal,
    @Param('badgeNo') badgeNo: string,
    @Query(new ZodPipe(PeriodQuery, 'query')) q: z.infer<typeof PeriodQuery>,
  ) {
    return this.scores.officerScore(p, badgeNo, q.period);
  }

  @Roles('supervisor')
  @Post('adjustments')
  adjust(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(AdjustmentSchema)) body: AdjustmentBody) {
    return this.scores.adjust(p, body);
  }
}
