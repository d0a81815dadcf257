import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OrgImportSchema } from '@jifen/shared';
import { z } from 'zod';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, Roles } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { resolveScope } from '../auth/scope';
import { OrgService } from './org.service';

const OfficerQuery = z.object({
  unitCode: z.string().trim().min(1).max(32).optional(),
  q: z.string().trim().max(64).optional(),
});

@ApiTags('organisation')
@ApiBearerAuth()
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Roles('admin')
  @Post('org/import')
  @HttpCode(200)
  import(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodPipe(OrgImportSchema)) body: z.infer<typeof OrgImportSchema>,
  ) {
    return this.org.import(p, body);
  }

  @Get('units')
  units(@CurrentPrincipal() p: Principal) {
    return this.org.directory.tree(p.role === 'officer' ? p.unitCode : resolveScope(this.org.directory, p));
  }

  @Get('officers')
  officers(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(OfficerQuery, 'query')) q: z.infer<typeof OfficerQuery>,
  ) {
    const d = this.org.directory;
    const scope = resolveScope(d, p, q.unitCode);
    const needle = q.q?.toLowerCase();
    return d
      .officersWithin(scope)
      .filter((o) => p.role !== 'officer' || o.badgeNo === p.badgeNo)
      .filter(
        (o) => !needle || o.badgeNo.toLowerCase().includes(needle) || o.name.toLowerCase().includes(needle),
      )
      .sort((a, b) => a.badgeNo.localeCompare(b.badgeNo))
      .map((o) => d.officerInfo(o));
  }
}
