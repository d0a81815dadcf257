import type { PublicationKind } from '@jifen/shared';
import type { PublishedHonours } from './domain/outbox-causes';

/**
 * The port through which the dispatcher reads a published snapshot: how many officers it
 * ranked and whom it commends or marks ineligible. The publication module provides it over
 * its own table (`SnapshotHonours`, bound in the app module).
 */
export abstract class PublishedPeriods {
  /** null when no such version was published (yet) in this installation. */
  abstract honours(kind: PublicationKind, period: string, version: number): Promise<PublishedHonours | null>;
}
