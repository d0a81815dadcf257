import { applyEvent, emptyFacts, type SubjectFacts } from '../../cases/domain/subject-facts';
import type { LedgerClaim } from '../../scoring/domain/ledger-line';
import { scoreEvent } from '../../scoring/domain/scoring-engine';
import { obligationFindings, type Finding } from '../../supervision/domain/finding';
import { ObligationTracker, type ObligationState } from '../../supervision/domain/obligation-tracker';
import { detectEventProblems } from '../../supervision/domain/problem-detector';
import type { JudgementContext } from './judgement-context';
import { compareEventTime, subjectIdOf, type RecordedEvent } from './recorded-event';

/** What one subject's whole history amounts to at `now`. */
export interface SubjectJudgement {
  subjectId: string;
  facts: SubjectFacts;
  obligations: readonly ObligationState[];
  /** Obligation and event problems that stand at `now`. */
  findings: Finding[];
  /** What its events earn under their rules, before monthly caps. */
  claims: LedgerClaim[];
  notes: string[];
}

/**
 * The fold (DESIGN.md "Scoring and supervision are one pure fold over events in event
 * time"): every event of one case, incident or complaint, in the order things happened,
 * each judged by the catalogue version of its instant with the subject as it stood just
 * before it; only then are the obligations held against the clock. However the events were
 * batched, delayed or reordered on the way, the same history gives the same judgement.
 */
export function judgeSubject(events: readonly RecordedEvent[], ctx: JudgementContext): SubjectJudgement {
  if (!events.length) throw new Error('a subject is judged on at least one event');
  const ordered = [...events].sort(compareEventTime);
  const first = ordered[0];
  const tracker = new ObligationTracker({ timeZone: ctx.timeZone, holidays: ctx.holidays });
  const findings: Finding[] = [];
  const claims: LedgerClaim[] = [];
  let facts: SubjectFacts | null = null;
  for (const event of ordered) {
    const catalogue = ctx.catalogueAt(event.at);
    tracker.step(event, facts, catalogue);
    claims.push(
      ...scoreEvent(event, facts, catalogue, {
        timeZone: ctx.timeZone,
        holidays: ctx.holidays,
        unitOf: ctx.unitOf,
        obligation: (ruleId) => tracker.latest(ruleId),
      }),
    );
    findings.push(...detectEventProblems(event, facts, catalogue));
    facts = applyEvent(facts ?? emptyFacts(first.subject.kind, first.subject.ref, first.unitCode), event);
  }
  findings.push(...obligationFindings(tracker.obligations, ctx.now, ctx.timeZone));
  return {
    subjectId: subjectIdOf(first),
    facts: facts!,
    obligations: tracker.obligations,
    findings,
    claims,
    notes: tracker.notes,
  };
}
