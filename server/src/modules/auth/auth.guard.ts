import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@jifen/shared';
import { forbidden } from '../../core/errors/domain-error';
import { OPTIONAL_AUTH_KEY, PUBLIC_KEY, ROLES_KEY, WALL_READABLE_KEY } from '../../core/http/access';
import { AuthService } from './auth.service';

/** Global guard: every route needs a bearer token unless marked @Public(); @Roles narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token && this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, targets)) return true;
    const principal = await this.auth.authenticate(token);
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (
      principal.role === 'display' &&
      !this.reflector.getAllAndOverride<boolean>(WALL_READABLE_KEY, targets)
    ) {
      throw forbidden('a display token reads only what its wall shows', '大屏令牌只能读取大屏展示的内容');
    }
    if (roles && principal.role !== 'admin' && !roles.includes(principal.role)) {
      throw forbidden(
        `this needs the role ${roles.join(' or ')}; you are ${principal.role}`,
        `此操作需要角色 ${roles.join(' 或 ')}，当前为 ${principal.role}`,
      );
    }
    // Ingest tokens post events and nothing else, even where a route forgot @Roles.
    if (principal.role === 'ingest' && !(roles ?? []).includes('ingest')) {
      throw forbidden('an ingest token may only post events', '数据接入令牌只能提交事件');
    }
    return true;
  }
}
