import { Injectable } from '@nestjs/common';
import type { PublicationKind } from '@jifen/shared';
import type { PublishedHonours } from './domain/outbox-causes';

/**
 * The port through which the dispatcher reads a published snapshot: how many officers it
 * ranked and whom it commends or marks ineligible. The publication module provides it
 * (`{ provide: PublishedPeriods, useClass: … }`) over its own table.
 */
export abstract class PublishedPeriods {
  /** null when no such version was published (yet) in this installation. */
  abstract honours(kind: PublicationKind, period: string, version: number): Promise<PublishedHonours | null>;
}

/** Until a publication store is wired, there is no snapshot to read: publications are not told. */
@Injectable()
export class NoPublishedPeriods extends PublishedPeriods {
  honours(): Promise<PublishedHonours | null> {
    return Promise.resolve(null);
  }
}
