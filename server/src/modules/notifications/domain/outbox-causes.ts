import type {
  Alert,
  AlertAction,
  CauseOf,
  NotificationCause,
  PublicationKind,
  PublicationPublishedMessage,
} from '@jifen/shared';

/**
 * The notification dispatcher's reading of the outbox: which committed changes are worth
 * telling someone, as causes with stable ids, and whom each is meant for. Pure, so the
 * dispatcher's replay after a restart turns the same rows into the same causes.
 */

/** An outbox row as the dispatcher reads it. */
export interface OutboxRow {
  seq: number;
  kind: string;
  payload: unknown;
}

/** Whom a cause is meant for, before it is resolved to users. */
export type Audience =
  /** The officers named (and the assignee), plus the supervisors whose scope holds `unitCode`. */
  | { kind: 'problem'; badgeNos: string[]; unitCode: string }
  /** One officer: the appellant, the commended or the ineligible one. */
  | { kind: 'officer'; badgeNo: string }
  /** Every person whose scope overlaps the unit's subtree (null: the whole organisation). */
  | { kind: 'scope'; unitCode: string | null };

export interface Intent {
  cause: NotificationCause;
  audience: Audience;
}

/** `publication.published` as its writer records it. */
export type PublishedPayload = Omit<PublicationPublishedMessage, 'seq'>;

/** One officer of a publication's snapshot, as the notification names them. */
export interface PublishedStanding {
  badgeNo: string;
  name: string;
  unitCode: string;
  unitName: string;
  rank: number;
  total: number;
}

/** What a published snapshot says about people: how many were ranked, whom it singles out. */
export interface PublishedHonours {
  ranked: number;
  /** Quarterly: the commended officers; annual: the recommended ones. */
  commended: PublishedStanding[];
  /** Annual: the officers marked ineligible for awards. */
  ineligible: PublishedStanding[];
}

interface AlertPayload {
  alert: Alert;
  steps?: AlertAction[];
  appeal?: { id: string; badgeNo: string; upheld: boolean; note: string };
}

/** Outbox kinds the dispatcher reads. */
export const DISPATCHED_KINDS = {
  alertRaised: 'alert.raised',
  alertUpdated: 'alert.updated',
  published: 'publication.published',
} as const;

/**
 * Kinds that get no notification: the daily notice is shown on the wall and the console every
 * morning; one inbox entry a day for everyone would bury the ones that matter.
 */
const SILENT_PUBLICATIONS: readonly PublicationKind[] = ['daily'];

const RECTIFY_OVERDUE = 'RECTIFY_OVERDUE';
const MAX_BADGES = 50;

/** Cause ids allow letters, digits, `_ . @ -`; anything else in a key becomes `_`. */
const idPart = (s: string) => s.replace(/[^A-Za-z0-9_.@-]/g, '_');

function facts(a: Alert, unitName: (code: string) => string) {
  return {
    problemId: a.id,
    ruleId: a.ruleId,
    title: { zh: a.title.zh.slice(0, 500), en: a.title.en.slice(0, 500) },
    severity: a.severity,
    unitCode: a.unitCode,
    unitName: unitName(a.unitCode),
    badgeNos: a.badgeNos.slice(0, MAX_BADGES),
    detectedAt: a.detectedAt,
  };
}

const responsible = (a: Alert) => [...new Set([...a.badgeNos, ...(a.assignee ? [a.assignee] : [])])];

/**
 * The causes of one problem change: raised (a RECTIFY_OVERDUE problem is told as its parent's
 * rectification overdue instead, which that same change flags), escalated, rectification
 * overdue, appeal decided. `at` is when the change was committed.
 */
export function problemIntents(row: OutboxRow, at: string, unitName: (code: string) => string): Intent[] {
  const { alert: a, steps = [], appeal } = row.payload as AlertPayload;
  const out: Intent[] = [];
  const problemAudience = (unitCode: string): Audience => ({
    kind: 'problem',
    badgeNos: responsible(a),
    unitCode,
  });
  if (row.kind === DISPATCHED_KINDS.alertRaised) {
    if (a.ruleId === RECTIFY_OVERDUE || a.resolution !== null) return out;
    const cause: CauseOf<'problem.raised'> = {
      id: `problem.raised-${idPart(a.id)}`,
      trigger: 'problem.raised',
      occurredAt: a.detectedAt,
      unitCode: a.unitCode,
      data: { ...facts(a, unitName), dueAt: a.stage === 'warning' ? a.dueAt : a.rectifyDueAt },
    };
    out.push({ cause, audience: problemAudience(a.unitCode) });
    return out;
  }
  if (row.kind !== DISPATCHED_KINDS.alertUpdated) return out;
  if (a.escalatedTo && steps.some((s) => s === 'escalated' || s === 'auto_escalated')) {
    const cause: CauseOf<'problem.escalated'> = {
      id: `problem.escalated-${idPart(a.id)}-${idPart(a.escalatedTo)}`,
      trigger: 'problem.escalated',
      occurredAt: at,
      unitCode: a.unitCode,
      data: {
        ...facts(a, unitName),
        escalatedTo: { unitCode: a.escalatedTo, unitName: unitName(a.escalatedTo) },
      },
    };
    out.push({ cause, audience: problemAudience(a.escalatedTo) });
  }
  if (a.rectifyDueAt && steps.includes('rectify_overdue')) {
    const cause: CauseOf<'rectification.overdue'> = {
      id: `rectification.overdue-${idPart(a.id)}`,
      trigger: 'rectification.overdue',
      occurredAt: a.rectifyDueAt,
      unitCode: a.unitCode,
      data: { ...facts(a, unitName), rectifyDueAt: a.rectifyDueAt, assignee: a.assignee },
    };
    out.push({ cause, audience: problemAudience(a.unitCode) });
  }
  if (appeal) {
    const cause: CauseOf<'appeal.decided'> = {
      id: `appeal.decided-${idPart(appeal.id)}`,
      trigger: 'appeal.decided',
      occurredAt: at,
      unitCode: a.unitCode,
      data: {
        appealId: appeal.id,
        problemId: a.id,
        title: a.title,
        badgeNo: appeal.badgeNo,
        upheld: appeal.upheld,
        note: appeal.note.slice(0, 500),
      },
    };
    out.push({ cause, audience: { kind: 'officer', badgeNo: appeal.badgeNo } });
  }
  return out;
}

/** A publication row the dispatcher must look up before it can tell anyone; null: nothing to tell. */
export function publishedOf(row: OutboxRow): PublishedPayload | null {
  if (row.kind !== DISPATCHED_KINDS.published) return null;
  const p = row.payload as PublishedPayload;
  return SILENT_PUBLICATIONS.includes(p.kind) ? null : p;
}

/**
 * A publication told to everyone in its scope, and, for the quarterly notice and the annual
 * assessment, each commended or ineligible officer told in person. A re-issued version is
 * told again as published; an officer is told of a commendation or an ineligibility once per
 * period, whatever the version that first named them.
 */
export function publicationIntents(p: PublishedPayload, h: PublishedHonours, at: string): Intent[] {
  const key = `${p.kind}-${idPart(p.period)}`;
  const published: CauseOf<'publication.published'> = {
    id: `publication.published-${key}-v${p.version}`,
    trigger: 'publication.published',
    occurredAt: at,
    unitCode: p.scope.unitCode,
    data: { kind: p.kind, period: p.period, version: p.version, officerCount: h.ranked },
  };
  const out: Intent[] = [{ cause: published, audience: { kind: 'scope', unitCode: p.scope.unitCode } }];
  if (p.kind !== 'quarterly' && p.kind !== 'annual') return out;
  const of = Math.max(1, h.ranked);
  const standing = (s: PublishedStanding) => ({
    period: p.period,
    rank: s.rank,
    of,
    badgeNo: s.badgeNo,
    name: s.name,
    unitName: s.unitName,
    total: s.total,
  });
  for (const s of h.commended) {
    const cause: CauseOf<'commendation'> = {
      id: `commendation-${key}-${idPart(s.badgeNo)}`,
      trigger: 'commendation',
      occurredAt: at,
      unitCode: s.unitCode,
      data: { kind: p.kind, ...standing(s) },
    };
    out.push({ cause, audience: { kind: 'officer', badgeNo: s.badgeNo } });
  }
  if (p.kind !== 'annual') return out;
  for (const s of h.ineligible) {
    const cause: CauseOf<'award.ineligible'> = {
      id: `award.ineligible-${key}-${idPart(s.badgeNo)}`,
      trigger: 'award.ineligible',
      occurredAt: at,
      unitCode: s.unitCode,
      data: standing(s),
    };
    out.push({ cause, audience: { kind: 'officer', badgeNo: s.badgeNo } });
  }
  return out;
}
