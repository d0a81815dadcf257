import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { Metrics } from '../../core/metrics/metrics';
import { IngestService } from './ingest.service';

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('events')
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    private readonly metrics: Metrics,
  ) {}

  /** 200 with a per-event answer: valid events are kept even when others are rejected. */
  @Roles('ingest')
  @Post()
  @HttpCode(200)
  async post(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const started = process.hrtime.bigint();
    const answer = await this.ingest.ingest(body, p);
    this.metrics.recordIngestBatch(answer, Number(process.hrtime.bigint() - started) / 1e9);
    return answer;
  }
}
