import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AckSchema,
  AlertListQuerySchema,
  AppealDecisionSchema,
  AppealSchema,
  AssignSchema,
  DismissSchema,
  EscalateSchema,
  HolidaySchema,
  RectifiedSchema,
  VerifySchema,
  type AlertListQuery,
} from '@jifen/shared';
import { z } from 'zod';
import { forbidden } from '../../core/errors/domain-error';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, Roles } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { resolveScope } from '../auth/scope';
import { OrgService } from '../org/org.service';
import { AppealsService } from './appeals.service';
import { ProblemQueries } from './problem-queries.service';
import { ProblemSteps } from './problem-steps.service';
import { HolidayService } from './holiday.service';

const CountsQuery = z.object({ unitCode: z.string().trim().min(1).max(32).optional() });
const AppealsQuery = z.object({ status: z.enum(['pending', 'upheld', 'rejected']).optional() });

@ApiTags('problems')
@ApiBearerAuth()
@Controller()
export class AlertController {
  constructor(
    private readonly alerts: ProblemQueries,
    private readonly steps: ProblemSteps,
    private readonly appealsService: AppealsService,
    private readonly org: OrgService,
    private readonly holidays: HolidayService,
  ) {}

  @Get('alerts')
  list(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(AlertListQuerySchema, 'query')) q: AlertListQuery,
  ) {
    return this.alerts.list(p, q);
  }

  @Get('alerts/counts')
  counts(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(CountsQuery, 'query')) q: z.infer<typeof CountsQuery>,
  ) {
    // An officer counts what his list shows: his own problems, wherever they are filed.
    if (p.role === 'officer') return this.alerts.counts(null, p.badgeNo ?? '');
    return this.alerts.counts(resolveScope(this.org.directory, p, q.unitCode));
  }

  @Get('alerts/:id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.alerts.get(p, id);
  }

  @Roles('supervisor')
  @Post('alerts/:id/ack')
  @HttpCode(200)
  ack(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(AckSchema)) b: z.infer<typeof AckSchema>,
  ) {
    return this.steps.step(p, id, { kind: 'acknowledge' }, b.version);
  }

  @Roles('supervisor')
  @Post('alerts/:id/assign')
  @HttpCode(200)
  assign(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(AssignSchema)) b: z.infer<typeof AssignSchema>,
  ) {
    return this.steps.step(
      p,
      id,
      { kind: 'assign', badgeNo: b.badgeNo, dueAt: b.dueAt ? Date.parse(b.dueAt) : undefined },
      b.version,
    );
  }

  @Roles('supervisor', 'officer')
  @Post('alerts/:id/rectified')
  @HttpCode(200)
  rectified(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(RectifiedSchema)) b: z.infer<typeof RectifiedSchema>,
  ) {
    return this.steps.step(p, id, { kind: 'rectified', note: b.note });
  }

  @Roles('supervisor')
  @Post('alerts/:id/verify')
  @HttpCode(200)
  verify(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(VerifySchema)) b: z.infer<typeof VerifySchema>,
  ) {
    return this.steps.step(p, id, { kind: 'verify', note: b.note });
  }

  @Roles('supervisor')
  @Post('alerts/:id/dismiss')
  @HttpCode(200)
  dismiss(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(DismissSchema)) b: z.infer<typeof DismissSchema>,
  ) {
    return this.steps.step(p, id, { kind: 'dismiss', reason: b.reason });
  }

  @Roles('supervisor')
  @Post('alerts/:id/escalate')
  @HttpCode(200)
  escalate(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(EscalateSchema)) b: z.infer<typeof EscalateSchema>,
  ) {
    return this.steps.step(p, id, { kind: 'escalate', to: null, note: b.note });
  }

  @Roles('officer')
  @Post('alerts/:id/appeal')
  appeal(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(AppealSchema)) b: z.infer<typeof AppealSchema>,
  ) {
    if (p.role !== 'officer') throw forbidden('only officers appeal deductions', '只有民警可以申诉扣分');
    return this.appealsService.appeal(p, id, b.reason);
  }

  @Get('appeals')
  appeals(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(AppealsQuery, 'query')) q: z.infer<typeof AppealsQuery>,
  ) {
    return this.appealsService.list(p, q.status);
  }

  @Roles('supervisor')
  @Post('appeals/:id/decide')
  @HttpCode(200)
  decide(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(AppealDecisionSchema)) b: z.infer<typeof AppealDecisionSchema>,
  ) {
    return this.appealsService.decide(p, id, b.upheld, b.note);
  }

  @Get('holidays')
  listHolidays(
    @Query(new ZodPipe(z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }), 'query'))
    q: {
      year?: number;
    },
  ) {
    return this.holidays.list(q.year);
  }

  @Roles('admin')
  @Put('holidays')
  putHolidays(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodPipe(HolidaySchema)) b: z.infer<typeof HolidaySchema>,
  ) {
    return this.holidays.replaceYear(p, b.year, b.dates);
  }
}
