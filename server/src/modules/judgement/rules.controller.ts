import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  PublishRulesSchema,
  RulePreviewSchema,
  type PublishRulesAnswer,
  type PublishRulesBody,
  type RulePreviewBody,
} from '@jifen/shared';
import { forbidden } from '../../core/errors/domain-error';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, Roles } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { CatalogueService } from '../scoring/catalogue.service';
import { RefoldService } from './refold.service';
import { RulePreview } from './rule-preview.service';

/** The rule catalogue: read it, try a draft on a period, save a version (re-scoring the open month if asked). */
@ApiTags('rules')
@ApiBearerAuth()
@Controller('rules')
export class RulesController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly preview: RulePreview,
    private readonly refold: RefoldService,
  ) {}

  @Get()
  rules(@CurrentPrincipal() p: Principal) {
    if (p.role === 'display')
      throw forbidden('a display token cannot read the rule catalogue', '大屏令牌不能读取积分规则');
    return this.catalogue.active();
  }

  @Roles('admin')
  @Get('versions')
  versions() {
    return this.catalogue.versions();
  }

  @Roles('admin')
  @Get('versions/:version')
  version(@Param('version', ParseIntPipe) version: number) {
    return this.catalogue.version(version);
  }

  @Roles('admin')
  @Put()
  async publish(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodPipe(PublishRulesSchema)) body: PublishRulesBody,
  ): Promise<PublishRulesAnswer> {
    const saved = await this.catalogue.publish(p, body.catalogue, body.note, body.rescore);
    const rescoreJobId = body.rescore
      ? await this.refold.enqueue({
          kind: 'rescore',
          version: saved.version,
          from: Date.parse(saved.effectiveFrom),
        })
      : null;
    return { ...saved, rescoreJobId };
  }

  /** What the draft would do to the period's ranking; nothing is written. */
  @Roles('admin')
  @Post('preview')
  @HttpCode(200)
  run(@Body(new ZodPipe(RulePreviewSchema)) body: RulePreviewBody) {
    return this.preview.preview(body.catalogue, body.period);
  }
}
