import type { LedgerCause, SupervisionPolicy } from '@jifen/shared';
import { allocateCaps, capGroupOf } from '../../scoring/domain/cap-allocation';
import type { LedgerClaim, LedgerDraft, LedgerLine } from '../../scoring/domain/ledger-line';
import { settleLedger, type BookedGroup } from '../../scoring/domain/ledger-settlement';
import type { Finding } from '../../supervision/domain/finding';
import { obligationStage } from '../../supervision/domain/obligation-tracker';
import { problemLines } from '../../supervision/domain/problem-lines';
import type { ProblemRecord } from '../../supervision/domain/problem-record';
import {
  settleProblems,
  type ProblemUpdate,
  type Withdrawal,
} from '../../supervision/domain/problem-settlement';
import { rectificationFindings } from '../../supervision/domain/rectification';
import type { JudgementContext } from './judgement-context';
import type { SubjectJudgement } from './judge-subject';

/** What is stored for the subjects being judged, and for the cap groups their claims share. */
export interface StoredState {
  /** Every problem of the judged subjects, of every origin. */
  problems: ProblemRecord[];
  /** Capped claims of other subjects in the cap groups the judged subjects' claims fall in. */
  otherClaims: LedgerClaim[];
  /** Booked sums for the judged subjects' sources and for `otherClaims`. */
  booked: BookedGroup[];
}

export interface SettlementOptions extends JudgementContext {
  policy: SupervisionPolicy;
  closedMonths: ReadonlySet<string>;
  openMonth: string;
  rescoring?: boolean;
  /** Why given sources' rows change when people decided it (a dismissal, an upheld appeal), by base key. */
  causes?: ReadonlyMap<string, Exclude<LedgerCause, 'scored'>>;
}

export interface Settlement {
  /** Problems that changed, in the order their history happened. */
  problems: ProblemUpdate[];
  /** The judged subjects' capped claims, to store for the next judgement of their groups. */
  claims: LedgerClaim[];
  ledger: LedgerDraft[];
}

/** One update per problem, its history lines in order, the latest record. */
function mergeUpdates(updates: ProblemUpdate[]): ProblemUpdate[] {
  const byId = new Map<string, ProblemUpdate>();
  for (const u of updates) {
    const had = byId.get(u.record.id);
    byId.set(
      u.record.id,
      had
        ? { record: u.record, history: [...had.history, ...u.history], raised: had.raised, cause: had.cause }
        : u,
    );
  }
  return [...byId.values()];
}

/** The cap groups a judgement's claims (and the claims it held before) fall in. */
export function capGroupsOf(claims: readonly LedgerClaim[]): Set<string> {
  return new Set(claims.filter((c) => c.cap !== null).map(capGroupOf));
}

const WHY = {
  superseded: { zh: '已被更早的同类时限义务涵盖', en: 'covered by an earlier obligation of the same kind' },
  answered: { zh: '预警后已按时完成', en: 'done in time after the warning' },
  lateReport: { zh: '按时完成，补录迟报', en: 'done in time, reported late' },
  extended: { zh: '期限已延长，尚未到预警时间', en: 'the limit was extended: not due soon any more' },
  rules: { zh: '按现行规则不构成问题', en: 'not a problem under the rules in force' },
  reports: { zh: '补录的记录表明不存在该问题', en: 'later reports show there is no such problem' },
  parent: { zh: '原问题已撤回或撤销', en: 'its problem was withdrawn or dismissed' },
} as const;

/**
 * Brings the stored state of judged subjects to what their judgements say: problems raised,
 * turned into violations, withdrawn or raised again; RECTIFY_OVERDUE where rectification is
 * late; and the ledger differences — for the subjects' own sources and for every claim
 * sharing a monthly cap with them — as rows to append. Pure.
 */
export function settleSubjects(
  judged: readonly SubjectJudgement[],
  stored: StoredState,
  opts: SettlementOptions,
): Settlement {
  const subjects = new Set(judged.map((j) => j.subjectId));
  const obligations = new Map(judged.flatMap((j) => j.obligations.map((o) => [o.id, o] as const)));
  const findings: Finding[] = judged.flatMap((j) => j.findings);
  const base = { now: opts.now, timeZone: opts.timeZone, policy: opts.policy, rescoring: opts.rescoring };

  const folded = settleProblems(stored.problems, findings, {
    ...base,
    origins: ['obligation', 'event'],
    withdrawal(p): Withdrawal {
      if (p.origin === 'event') return { resolution: 'withdrawn', note: WHY.reports };
      const o = p.obligationId ? obligations.get(p.obligationId) : undefined;
      if (!o) return { resolution: 'withdrawn', note: WHY.superseded };
      const dueAt = o.dueAt;
      if (o.fulfilledAt !== null && o.fulfilledAt <= o.dueAt) {
        return p.stage === 'warning' && o.fulfilledAt >= p.detectedAt
          ? { resolution: 'fulfilled', note: WHY.answered, dueAt }
          : { resolution: 'withdrawn', note: WHY.lateReport, dueAt };
      }
      if (obligationStage(o, opts.now) === 'none')
        return { resolution: 'withdrawn', note: WHY.extended, dueAt };
      return { resolution: 'withdrawn', note: WHY.rules, dueAt };
    },
  });
  const current = new Map(stored.problems.map((p) => [p.id, p]));
  for (const u of folded) current.set(u.record.id, u.record);

  const rectified = settleProblems(
    [...current.values()],
    rectificationFindings([...current.values()], opts.now, opts.catalogueAt),
    {
      ...base,
      origins: ['rectification'],
      withdrawal: () => ({ resolution: 'withdrawn', note: WHY.parent }),
    },
  );
  const flagged: ProblemUpdate[] = [];
  for (const u of rectified) {
    current.set(u.record.id, u.record);
    const parent = u.raised && u.record.parentId ? current.get(u.record.parentId) : undefined;
    if (!parent || parent.rectifyOverdue) continue;
    // The problem itself shows that its rectification ran out.
    const next: ProblemRecord = { ...parent, rectifyOverdue: true, version: parent.version + 1 };
    current.set(next.id, next);
    flagged.push({
      record: next,
      history: [
        {
          at: opts.now,
          action: 'rectify_overdue',
          by: 'system',
          fromStatus: next.status,
          toStatus: next.status,
          note: null,
        },
      ],
      raised: false,
      cause: 'corrected',
    });
  }
  const updates = mergeUpdates([...folded, ...rectified, ...flagged]);

  const ownClaims = judged.flatMap((j) => j.claims);
  const others = new Set(stored.otherClaims.map((c) => `${c.baseKey}\u0000${c.badgeNo}`));
  const lines: LedgerLine[] = [
    ...allocateCaps([...ownClaims, ...stored.otherClaims]),
    ...[...current.values()].flatMap((p) => problemLines(p, opts)),
  ];
  const causes = new Map(updates.map((u) => [`problem:${u.record.id}`, u.cause]));
  const ledger = settleLedger(
    lines,
    stored.booked,
    (l) =>
      (l.subjectId !== null && subjects.has(l.subjectId)) || others.has(`${l.baseKey}\u0000${l.badgeNo}`),
    {
      closedMonths: opts.closedMonths,
      openMonth: opts.openMonth,
      causeOf: (baseKey) =>
        opts.causes?.get(baseKey) ?? causes.get(baseKey) ?? (opts.rescoring ? 'rescored' : 'corrected'),
    },
  );
  return { problems: updates, claims: ownClaims.filter((c) => c.cap !== null), ledger };
}
