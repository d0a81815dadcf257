import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@jifen/shared';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'jifen:public';
export const ROLES_KEY = 'jifen:roles';
export const OPTIONAL_AUTH_KEY = 'jifen:optional-auth';
export const WALL_READABLE_KEY = 'jifen:wall-readable';

/** No token needed (login, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/**
 * A token is checked when one is sent; without one the handler runs with no principal and
 * decides itself (publications a bureau opens to the public).
 */
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH_KEY, true);
/**
 * A kiosk (display) token may call this: it reads what its wall shows and nothing else.
 * The display token sits in the wall's URL, so every other endpoint refuses it, even where
 * @Roles would let any logged-in reader in.
 */
export const WallReadable = () => SetMetadata(WALL_READABLE_KEY, true);
/** Only these roles may call; admins always may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);
