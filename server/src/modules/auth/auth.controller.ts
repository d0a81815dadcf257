import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateTokenSchema,
  CreateUserSchema,
  LoginSchema,
  RotateTokenSchema,
  type RotateTokenBody,
  type CreateTokenBody,
  type CreateUserBody,
  type LoginBody,
} from '@jifen/shared';
import { ZodPipe } from '../../core/errors/zod.pipe';
import { CurrentPrincipal, Public, Roles } from '../../core/http/access';
import { AuthService } from './auth.service';
import type { Principal } from '../../core/http/principal';

@ApiTags('auth')
@ApiBearerAuth()
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body(new ZodPipe(LoginSchema)) body: LoginBody, @Ip() address: string) {
    return this.auth.login(body, address);
  }

  /** The next token of this login; the one it replaces keeps working for a short overlap. */
  @Post('auth/refresh')
  @HttpCode(200)
  refresh(@CurrentPrincipal() p: Principal) {
    return this.auth.refresh(p);
  }

  @Get('me')
  me(@CurrentPrincipal() p: Principal) {
    return this.auth.sessionUser(p);
  }

  @Roles('admin')
  @Post('users')
  createUser(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(CreateUserSchema)) body: CreateUserBody) {
    return this.auth.createUser(p, body);
  }

  @Roles('admin')
  @Get('users')
  listUsers() {
    return this.auth.listUsers();
  }

  @Roles('admin', 'supervisor')
  @Post('tokens')
  createToken(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(CreateTokenSchema)) body: CreateTokenBody) {
    return this.auth.createToken(p, body);
  }

  @Roles('admin', 'supervisor')
  @Get('tokens')
  listTokens(@CurrentPrincipal() p: Principal) {
    return this.auth.listTokens(p);
  }

  @Roles('admin', 'supervisor')
  @Delete('tokens/:id')
  revokeToken(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.auth.revokeToken(p, id);
  }

  @Roles('admin', 'supervisor')
  @Post('tokens/:id/rotate')
  @HttpCode(200)
  rotateToken(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(RotateTokenSchema)) body: RotateTokenBody,
  ) {
    return this.auth.rotateToken(p, id, body);
  }
}
