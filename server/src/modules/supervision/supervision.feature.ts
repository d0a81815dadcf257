import type { Provider, Type } from '@nestjs/common';

/** The supervision feature's providers and controllers (obligations, problems, appeals). */
export const SUPERVISION_PROVIDERS: Provider[] = [];
export const SUPERVISION_CONTROLLERS: Type[] = [];
