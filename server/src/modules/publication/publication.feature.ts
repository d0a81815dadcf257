import type { Provider, Type } from '@nestjs/common';
import { LedgerSnapshot } from './ledger-snapshot';
import { PublicationReader } from './publication-reader';
import { PublicationRuns } from './publication-runs';
import { PublicationSchedule } from './publication-schedule';
import { PublicationSettingsService } from './publication-settings.service';
import { PublicationsController } from './publications.controller';
import { Publisher } from './publisher';
import { SnapshotBuilder } from './snapshot-builder';

/** Publications (docs/PUBLICATION.md): the monthly airing, quarterly notice, annual assessment, daily notice. */
export const PUBLICATION_PROVIDERS: Provider[] = [
  LedgerSnapshot,
  SnapshotBuilder,
  PublicationSettingsService,
  Publisher,
  PublicationRuns,
  PublicationSchedule,
  PublicationReader,
];
export const PUBLICATION_CONTROLLERS: Type[] = [PublicationsController];
