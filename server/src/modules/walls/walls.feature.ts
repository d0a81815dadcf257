import type { Provider, Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LiveAudience } from './live-audience';
import { PrivacyInterceptor } from './privacy.interceptor';
import { WallSettingsService } from './wall-settings.service';
import { WallsController } from './walls.controller';

/** Wall configuration per display token, and privacy for the walls the public sees. */
export const WALLS_PROVIDERS: Provider[] = [
  WallSettingsService,
  LiveAudience,
  { provide: APP_INTERCEPTOR, useClass: PrivacyInterceptor },
];
export const WALLS_CONTROLLERS: Type[] = [WallsController];
