import type { CaseEvent } from '@jifen/shared';
import { applyEvent, emptyFacts, type SubjectFacts } from '../../cases/domain/subject-facts';
import type { LedgerDraft } from './ledger-draft';
import { scoreEvent, type ScoringContext } from './scoring-engine';

export const subjectKey = (e: Pick<CaseEvent, 'subject'>) => `${e.subject.kind}:${e.subject.ref}`;

/**
 * Events are applied in the order they happened, not the order they arrived, so that a
 * batch scores the same however the source system ordered it (ties by eventId).
 */
export function orderForScoring<T extends { event: CaseEvent }>(items: T[]): T[] {
  return items
    .map((item) => ({ item, at: Date.parse(item.event.occurredAt) }))
    .sort(
      (a, b) =>
        a.at - b.at ||
        (a.item.event.eventId < b.item.event.eventId
          ? -1
          : a.item.event.eventId > b.item.event.eventId
            ? 1
            : 0),
    )
    .map((x) => x.item);
}

export interface BatchStep {
  event: CaseEvent;
  factsBefore: SubjectFacts | null;
  factsAfter: SubjectFacts;
  rows: LedgerDraft[];
}

/**
 * Folds a batch through the scoring engine: each event sees its subject's facts as they
 * stood just before it. `facts` is updated in place with every subject the batch touched.
 */
export function scoreBatch(
  events: CaseEvent[],
  facts: Map<string, SubjectFacts>,
  ctx: ScoringContext,
): BatchStep[] {
  return orderForScoring(events.map((event) => ({ event }))).map(({ event }) => {
    const key = subjectKey(event);
    const factsBefore = facts.get(key) ?? null;
    const rows = scoreEvent(event, factsBefore, ctx);
    const factsAfter = applyEvent(
      factsBefore ?? emptyFacts(event.subject.kind, event.subject.ref, event.unitCode),
      event,
    );
    facts.set(key, factsAfter);
    return { event, factsBefore, factsAfter, rows };
  });
}
