import type { Provider, Type } from '@nestjs/common';
import { RatesController } from './rates.controller';
import { RatesService } from './rates.service';

/** Rates per unit and day (docs/RATES.md). */
export const RATES_PROVIDERS: Provider[] = [RatesService];
export const RATES_CONTROLLERS: Type[] = [RatesController];
