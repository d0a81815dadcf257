import type { RuleCatalogue } from '@jifen/shared';
import type { EntityManager } from 'typeorm';
import type { BatchStep } from '../scoring/domain/score-batch';
import type { LedgerDraft } from '../scoring/domain/ledger-draft';

export interface IngestContext {
  now: number;
  catalogue: RuleCatalogue;
  catalogueVersion: number;
  closedMonths: ReadonlySet<string>;
  openMonth: string;
}

/**
 * Work that must commit in the same transaction as a batch of events (supervision opens
 * obligations and raises problems here). Returns further ledger rows to book.
 */
export interface IngestStage {
  onEvents(m: EntityManager, steps: BatchStep[], ctx: IngestContext): Promise<LedgerDraft[]>;
}

export const INGEST_STAGES = Symbol('INGEST_STAGES');
