import {
  DEFAULT_CATALOGUE,
  HolidayCalendar,
  monthOf,
  type CaseEvent,
  type RuleCatalogue,
} from '@jifen/shared';
import { capGroupOf } from '../../scoring/domain/cap-allocation';
import type { LedgerClaim, LedgerDraft } from '../../scoring/domain/ledger-line';
import type { BookedGroup } from '../../scoring/domain/ledger-settlement';
import { obligationStage } from '../../supervision/domain/obligation-tracker';
import type { ProblemRecord } from '../../supervision/domain/problem-record';
import { CatalogueTimeline, type JudgementContext } from '../domain/judgement-context';
import { judgeSubject } from '../domain/judge-subject';
import { subjectIdOf, toRecorded, type RecordedEvent } from '../domain/recorded-event';
import { capGroupsOf, settleSubjects } from '../domain/settle-subjects';
import { obligationComesDue, rectificationComesDue, type JudgedObligation } from '../domain/sweep-candidates';

export type BookedRow = LedgerDraft & { id: number; bookedAt: number };

/** Sums booked rows the way the database's GROUP BY does. */
export function groupBooked(rows: readonly BookedRow[]): BookedGroup[] {
  const groups = new Map<string, BookedGroup>();
  for (const r of rows) {
    const k = [r.baseKey, r.badgeNo, r.unitCode, r.forMonth, r.ruleId, r.kind, r.dimension].join('\u0000');
    const g = groups.get(k);
    if (!g) {
      const {
        sourceKey: _k,
        month: _m,
        lateCorrection: _l,
        cause: _c,
        reversesId: _r,
        id,
        bookedAt: _b,
        ...line
      } = r;
      groups.set(k, { ...line, rows: 1, lastId: id });
    } else {
      g.points += r.points;
      g.rows += 1;
      g.lastId = Math.max(g.lastId, r.id);
      g.catalogueVersion = Math.max(g.catalogueVersion, r.catalogueVersion);
    }
  }
  return [...groups.values()];
}

/**
 * The judgement pipeline of the server with maps instead of tables: ingest a batch, sweep
 * at a time, close a month. It runs exactly the pure steps the server runs (judge, settle,
 * append), so property tests can feed it thousands of arrival orders in seconds; the
 * integration tests prove the server does the same against Postgres.
 */
export class MemoryStore {
  private readonly events = new Map<string, RecordedEvent[]>();
  private readonly seen = new Set<string>();
  private readonly obligations = new Map<string, JudgedObligation[]>();
  readonly problems = new Map<string, ProblemRecord>();
  private readonly claims = new Map<string, LedgerClaim>();
  readonly ledger: BookedRow[] = [];
  /** Closed months and when they were closed. */
  readonly closedMonths = new Map<string, number>();
  private nextId = 1;
  private readonly timeline: CatalogueTimeline;

  constructor(
    private readonly opts: {
      timeZone: string;
      unitOf: JudgementContext['unitOf'];
      catalogue?: RuleCatalogue;
      holidays?: HolidayCalendar;
    },
  ) {
    this.timeline = new CatalogueTimeline([
      { version: 1, effectiveFrom: Number.MIN_SAFE_INTEGER, catalogue: opts.catalogue ?? DEFAULT_CATALOGUE },
    ]);
  }

  private context(now: number): JudgementContext {
    return {
      timeZone: this.opts.timeZone,
      now,
      holidays: this.opts.holidays ?? new HolidayCalendar(),
      catalogueAt: (at) => this.timeline.at(at),
      unitOf: this.opts.unitOf,
    };
  }

  ingest(batch: CaseEvent[], now: number, backfill = false): { accepted: number; duplicates: number } {
    const touched = new Set<string>();
    let duplicates = 0;
    for (const e of batch) {
      if (this.seen.has(e.eventId)) {
        duplicates++;
        continue;
      }
      this.seen.add(e.eventId);
      const id = subjectIdOf(e);
      this.events.set(id, [...(this.events.get(id) ?? []), toRecorded(e, now, backfill)]);
      touched.add(id);
    }
    this.judge([...touched], now);
    return { accepted: touched.size ? batch.length - duplicates : 0, duplicates };
  }

  /** The sweep: only subjects whose obligations or rectifications the clock has changed. */
  sweep(now: number): void {
    const due = new Set<string>();
    for (const list of this.obligations.values())
      for (const o of list) if (obligationComesDue(o, now)) due.add(o.subjectId);
    for (const p of this.problems.values())
      if (rectificationComesDue(p, now)) due.add(`${p.subjectKind}:${p.subjectRef}`);
    this.judge([...due], now);
  }

  closeMonth(month: string, at: number): void {
    if (!this.closedMonths.has(month)) this.closedMonths.set(month, at);
  }

  /** Judges every subject again, as a refold or a restart would. */
  rejudgeAll(now: number): void {
    this.judge([...this.events.keys()], now);
  }

  private judge(ids: string[], now: number): void {
    if (!ids.length) return;
    const ctx = this.context(now);
    const subjects = new Set(ids);
    const judged = ids.map((id) => judgeSubject(this.events.get(id)!, ctx));
    const before = [...this.claims.values()].filter((c) => subjects.has(c.subjectId!));
    const groups = capGroupsOf([...judged.flatMap((j) => j.claims), ...before]);
    const otherClaims = [...this.claims.values()].filter(
      (c) => !subjects.has(c.subjectId!) && groups.has(capGroupOf(c)),
    );
    const otherKeys = new Set(otherClaims.map((c) => `${c.baseKey}\u0000${c.badgeNo}`));
    const booked = groupBooked(
      this.ledger.filter(
        (r) =>
          (r.subjectId !== null && subjects.has(r.subjectId)) ||
          otherKeys.has(`${r.baseKey}\u0000${r.badgeNo}`),
      ),
    );
    const problems = [...this.problems.values()].filter((p) =>
      subjects.has(`${p.subjectKind}:${p.subjectRef}`),
    );
    const s = settleSubjects(
      judged,
      { problems, otherClaims, booked },
      {
        ...ctx,
        policy: this.timeline.latest.catalogue.supervision,
        closedMonths: new Set(this.closedMonths.keys()),
        openMonth: monthOf(now, this.opts.timeZone),
      },
    );
    for (const u of s.problems) this.problems.set(u.record.id, u.record);
    for (const c of before) this.claims.delete(`${c.baseKey}\u0000${c.badgeNo}`);
    for (const c of s.claims) this.claims.set(`${c.baseKey}\u0000${c.badgeNo}`, c);
    for (const d of s.ledger) this.ledger.push({ ...d, id: this.nextId++, bookedAt: now });
    for (const j of judged)
      this.obligations.set(
        j.subjectId,
        j.obligations.map((o) => ({
          subjectId: j.subjectId,
          dueAt: o.dueAt,
          warnAt: o.warnAt,
          fulfilledAt: o.fulfilledAt,
          stage: obligationStage(o, now),
        })),
      );
  }
}
