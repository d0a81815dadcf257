import type { ObligationStage } from '../../supervision/domain/obligation-tracker';
import { owesRectification } from '../../supervision/domain/problem-settlement';
import { isSettled, type ProblemRecord } from '../../supervision/domain/problem-record';

/** An obligation as the last judgement of its subject left it. */
export interface JudgedObligation {
  subjectId: string;
  dueAt: number;
  warnAt: number;
  fulfilledAt: number | null;
  /** Its stage when its subject was last judged. */
  stage: ObligationStage;
}

/** 日巡查: does the clock alone change this obligation's stage since it was last judged? */
export function obligationComesDue(o: JudgedObligation, now: number): boolean {
  if (o.fulfilledAt !== null || o.stage === 'violation') return false;
  return now > o.dueAt || (o.stage === 'none' && now >= o.warnAt);
}

/** Has a problem's rectification run out without a RECTIFY_OVERDUE yet? */
export function rectificationComesDue(
  p: Pick<
    ProblemRecord,
    | 'stage'
    | 'severity'
    | 'origin'
    | 'status'
    | 'resolution'
    | 'rectifyDueAt'
    | 'rectifyOverdue'
    | 'rectifiedAt'
  >,
  now: number,
): boolean {
  return (
    owesRectification(p) &&
    !isSettled(p) &&
    !p.rectifyOverdue &&
    p.rectifyDueAt !== null &&
    p.rectifyDueAt < now &&
    (p.rectifiedAt === null || p.rectifiedAt > p.rectifyDueAt)
  );
}
