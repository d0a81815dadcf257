import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  PublicationListQuerySchema,
  PublicationQuerySchema,
  PublicationRefSchema,
  PublicationSettingsSchema,
  type PublicationListQuery,
  type PublicationQuery,
  type PublicationRef,
  type PublicationRunAnswer,
  type PublicationSettings,
} from '@jifen/shared';
import type { Response } from 'express';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, OptionalAuth, Roles, WallReadable } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { PublicationReader } from './publication-reader';
import { PublicationRuns } from './publication-runs';
import { PublicationSettingsService } from './publication-settings.service';

/** `Content-Disposition` with the Chinese file name for browsers (RFC 6266) and an ASCII one for the rest. */
function disposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

@ApiTags('publications')
@ApiBearerAuth()
@Controller('publications')
export class PublicationsController {
  constructor(
    private readonly reader: PublicationReader,
    private readonly runs: PublicationRuns,
    private readonly settings: PublicationSettingsService,
  ) {}

  @Roles('admin')
  @Get('settings')
  getSettings(): Promise<PublicationSettings> {
    return this.settings.get();
  }

  @Roles('admin')
  @Put('settings')
  putSettings(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodPipe(PublicationSettingsSchema)) body: PublicationSettings,
  ): Promise<PublicationSettings> {
    return this.settings.save(p, body);
  }

  /** Every publication, newest period first, with its versions. Public when the bureau allows it. */
  @OptionalAuth()
  @Roles('supervisor', 'officer', 'display')
  @WallReadable()
  @Get()
  list(
    @CurrentPrincipal() p: Principal | undefined,
    @Query(new ZodPipe(PublicationListQuerySchema, 'query')) q: PublicationListQuery,
  ) {
    return this.reader.list(p, q.kind);
  }

  /** One publication (the latest version, or `?version=`), as JSON or as a CSV, XLSX or .docx file. */
  @OptionalAuth()
  @Roles('supervisor', 'officer', 'display')
  @WallReadable()
  @Get(':kind/:period')
  async get(
    @CurrentPrincipal() p: Principal | undefined,
    @Param(new ZodPipe(PublicationRefSchema, 'path')) ref: PublicationRef,
    @Query(new ZodPipe(PublicationQuerySchema, 'query')) q: PublicationQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (q.format === 'json') return this.reader.get(p, ref.kind, ref.period, q.version);
    const file = await this.reader.file(p, ref.kind, ref.period, q.format, q.version);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', disposition(file.filename));
    return new StreamableFile(file.body);
  }

  /** Publishes a period now, through the same job as its schedule: twice gives the same job and snapshot. */
  @Roles('admin')
  @Post(':kind/:period/run')
  @HttpCode(202)
  run(
    @CurrentPrincipal() p: Principal,
    @Param(new ZodPipe(PublicationRefSchema, 'path')) ref: PublicationRef,
  ): Promise<PublicationRunAnswer> {
    return this.runs.run(p, ref.kind, ref.period);
  }
}
