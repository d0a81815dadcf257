import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { IngestService } from './ingest.service';

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('events')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** 200 with a per-event answer: valid events are kept even when others are rejected. */
  @Roles('ingest')
  @Post()
  @HttpCode(200)
  post(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.ingest.ingest(body, p);
  }
}
