import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { WallConfigBodySchema, type WallConfigBody } from '@jifen/shared';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, Roles, WallReadable } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { WallSettingsService } from './wall-settings.service';

@ApiTags('walls')
@ApiBearerAuth()
@Controller()
export class WallsController {
  constructor(private readonly walls: WallSettingsService) {}

  /** The wall this display token drives: what the kiosk page loads first. */
  @Roles('display')
  @WallReadable()
  @Get('wall')
  own(@CurrentPrincipal() p: Principal) {
    return this.walls.own(p);
  }

  @Roles('admin', 'supervisor')
  @Get('walls')
  list(@CurrentPrincipal() p: Principal) {
    return this.walls.list(p);
  }

  @Roles('admin', 'supervisor')
  @Get('walls/:tokenId')
  get(@CurrentPrincipal() p: Principal, @Param('tokenId') tokenId: string) {
    return this.walls.get(p, tokenId);
  }

  @Roles('admin', 'supervisor')
  @Put('walls/:tokenId')
  save(
    @CurrentPrincipal() p: Principal,
    @Param('tokenId') tokenId: string,
    @Body(new ZodPipe(WallConfigBodySchema)) body: WallConfigBody,
  ) {
    return this.walls.save(p, tokenId, body);
  }
}
