import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, map, switchMap, type Observable } from 'rxjs';
import { forbidden } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { isPlainObject, maskPeople } from './domain/privacy';
import { WallSettingsService } from './wall-settings.service';

/**
 * Every REST answer to a display token in privacy mode goes out with people masked. An
 * answer that is not JSON (a file, a text) could carry names the mask cannot see: a
 * privacy wall is refused it.
 */
@Injectable()
export class PrivacyInterceptor implements NestInterceptor {
  constructor(private readonly walls: WallSettingsService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const p: Principal | undefined = ctx.switchToHttp().getRequest().principal;
    if (!p || p.kind !== 'token' || p.role !== 'display') return next.handle();
    return from(this.walls.privacyOf(p.id)).pipe(
      switchMap((mode) =>
        next.handle().pipe(
          map((body: unknown) => {
            if (mode === 'off') return body;
            if (!isJson(body))
              throw forbidden(
                'a privacy wall may read JSON answers only: files could carry names',
                '隐私模式的大屏只能读取 JSON 数据：文件可能包含姓名',
              );
            return maskPeople(body, mode);
          }),
        ),
      ),
    );
  }
}

const isJson = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  typeof v === 'number' ||
  typeof v === 'boolean' ||
  Array.isArray(v) ||
  isPlainObject(v);
