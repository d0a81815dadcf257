import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditQuerySchema } from '@jifen/shared';
import type { z } from 'zod';
import { Roles } from '../../core/http/access';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Admins only: the append-only log of every mutation, newest first. */
  @Roles('admin')
  @Get()
  list(@Query(new ZodPipe(AuditQuerySchema, 'query')) q: z.infer<typeof AuditQuerySchema>) {
    return this.audit.list(q);
  }
}
