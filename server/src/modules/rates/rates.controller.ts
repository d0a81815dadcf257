import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RatesQuerySchema, type RatesQuery } from '@jifen/shared';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, WallReadable } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { resolveScope } from '../auth/scope';
import { OrgService } from '../org/org.service';
import { RatesService } from './rates.service';

@ApiTags('rates')
@ApiBearerAuth()
@Controller()
export class RatesController {
  constructor(
    private readonly rates: RatesService,
    private readonly org: OrgService,
  ) {}

  /** Daily rates of a unit's subtree (default: the caller's scope, today) and its month-on-month and year-on-year counts. */
  @WallReadable()
  @Get('rates')
  get(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(RatesQuerySchema, 'query')) q: RatesQuery) {
    return this.rates.rates(resolveScope(this.org.directory, p, q.unitCode), q.from, q.to);
  }
}
