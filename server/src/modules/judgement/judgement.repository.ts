import { Inject, Injectable } from '@nestjs/common';
import { monthOf, type EventType, type OfficerOnEvent, type SubjectKind } from '@jifen/shared';
import { EntityManager, In, MoreThanOrEqual } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { bulkInsert } from '../../core/database/bulk-writer';
import { inChunks } from '../../core/database/insert-rows';
import { EventEntity } from '../ingest/event.entity';
import { SubjectEntity } from '../cases/subject.entity';
import { capGroupOf } from '../scoring/domain/cap-allocation';
import type { LedgerClaim } from '../scoring/domain/ledger-line';
import type { BookedGroup } from '../scoring/domain/ledger-settlement';
import { CapClaimEntity, LedgerEntryEntity } from '../scoring/scoring.entities';
import { obligationStage } from '../supervision/domain/obligation-tracker';
import { ObligationEntity, ProblemEntity } from '../supervision/supervision.entities';
import type { SubjectJudgement } from './domain/judge-subject';
import type { RecordedEvent } from './domain/recorded-event';

const CHUNK = 500;

/**
 * A subject's ledger rows count in the month of what they reward (a problem's, an event's
 * instant, never before its first event) or a later open month. A month before the first
 * event is read too, as a margin for an instant a rule might place before it.
 */
const LEDGER_MARGIN_MS = 31 * 24 * 3600_000;

/** What a judgement reads and writes besides problems and ledger rows, in the caller's transaction. */
@Injectable()
export class JudgementRepository {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * One writer per subject at a time: its history, obligations, problems and ledger rows are
   * read and rewritten as a whole. Locked in id order so two batches never deadlock. (SQLite
   * has one writer for the whole file already.)
   */
  async lockSubjects(m: EntityManager, ids: string[]): Promise<void> {
    if (this.config.database.driver !== 'postgres' || !ids.length) return;
    // In the same order as every other writer locks subjects (the upsert of new subjects
    // included): JavaScript's, not the database collation's, which may order punctuation apart.
    const sorted = [...new Set(ids)].sort();
    await inChunks(sorted, CHUNK, (slice) =>
      m.query(
        `SELECT s.id FROM unnest($1::varchar[]) WITH ORDINALITY AS t(id, i)
         JOIN subjects s ON s.id = t.id ORDER BY t.i FOR UPDATE OF s`,
        [slice],
      ),
    );
  }

  /** New subjects are stored; known ones are touched, and their `firstAt` lowered by an older event. */
  async registerSubjects(m: EntityManager, subjects: SubjectEntity[]): Promise<void> {
    await bulkInsert(m, SubjectEntity, subjects, {
      upsertOn: ['id'],
      update: ['updatedAt', 'firstAt'],
      least: ['firstAt'],
    });
  }

  /**
   * No event of these subjects happened before this instant (0: not known). Events and ledger
   * are partitioned by month on Postgres: a read bounded by it skips the months before.
   */
  async earliestEvent(m: EntityManager, subjectIds: string[]): Promise<number> {
    if (!subjectIds.length) return 0;
    const firsts = await inChunks(subjectIds, CHUNK, (slice) =>
      m
        .createQueryBuilder(SubjectEntity, 's')
        .select('MIN(s.firstAt)', 'first')
        .addSelect('COUNT(*)', 'n')
        .where('s.id IN (:...slice)', { slice })
        .getRawMany<{ first: string | number | null; n: string | number }>(),
    );
    // A subject without a row is not known: read everything.
    if (firsts.reduce((n, f) => n + Number(f.n), 0) < new Set(subjectIds).size) return 0;
    return Math.min(...firsts.map((f) => Number(f.first ?? 0)));
  }

  /** Whole histories of the subjects, none of whose events happened before `since`. */
  async histories(m: EntityManager, subjectIds: string[], since = 0): Promise<Map<string, RecordedEvent[]>> {
    const rows = await inChunks(subjectIds, CHUNK, (slice) =>
      m.find(EventEntity, {
        where:
          since > 0 ? { subjectId: In(slice), occurredAt: MoreThanOrEqual(since) } : { subjectId: In(slice) },
      }),
    );
    const out = new Map<string, RecordedEvent[]>();
    for (const r of rows) {
      const list = out.get(r.subjectId) ?? [];
      list.push(recordedOf(r));
      out.set(r.subjectId, list);
    }
    return out;
  }

  problems(m: EntityManager, subjectIds: string[]): Promise<ProblemEntity[]> {
    return inChunks(subjectIds, CHUNK, (slice) => m.find(ProblemEntity, { where: { subjectId: In(slice) } }));
  }

  async claimsOfSubjects(m: EntityManager, subjectIds: string[]): Promise<LedgerClaim[]> {
    const rows = await inChunks(subjectIds, CHUNK, (slice) =>
      m.find(CapClaimEntity, { where: { subjectId: In(slice) } }),
    );
    return rows.map(claimOf);
  }

  /** Every stored claim of the given cap groups (`badge|rule|month`). */
  async claimsOfGroups(m: EntityManager, groups: Set<string>): Promise<LedgerClaim[]> {
    if (!groups.size) return [];
    const badges = [...new Set([...groups].map((g) => g.split('|')[0]))];
    const rows = await inChunks(badges, CHUNK, (slice) =>
      m.find(CapClaimEntity, { where: { badgeNo: In(slice) } }),
    );
    return rows.map(claimOf).filter((c) => groups.has(capGroupOf(c)));
  }

  async replaceClaims(m: EntityManager, subjectIds: string[], claims: LedgerClaim[]): Promise<void> {
    await inChunks(subjectIds, CHUNK, (slice) =>
      m.delete(CapClaimEntity, { subjectId: In(slice) }).then(() => []),
    );
    await bulkInsert(
      m,
      CapClaimEntity,
      claims.map((c) => ({
        baseKey: c.baseKey,
        badgeNo: c.badgeNo,
        ruleId: c.ruleId,
        forMonth: c.forMonth,
        subjectId: c.subjectId!,
        sourceRef: c.sourceRef,
        unitCode: c.unitCode,
        occurredAt: c.occurredAt,
        points: c.points,
        cap: c.cap!,
        kind: c.kind,
        dimension: c.dimension,
        catalogueVersion: c.catalogueVersion,
        reason: c.reason,
      })),
    );
  }

  /** What is booked for the subjects' sources and for the given claims, summed as settlement compares it. */
  async booked(
    m: EntityManager,
    subjectIds: string[],
    claims: LedgerClaim[],
    since = 0,
  ): Promise<BookedGroup[]> {
    const query = (where: string, params: Record<string, unknown>) =>
      m
        .createQueryBuilder(LedgerEntryEntity, 'l')
        .select('l.baseKey', 'baseKey')
        .addSelect('l.badgeNo', 'badgeNo')
        .addSelect('l.unitCode', 'unitCode')
        .addSelect('l.forMonth', 'forMonth')
        .addSelect('l.ruleId', 'ruleId')
        .addSelect('l.kind', 'kind')
        .addSelect('l.dimension', 'dimension')
        .addSelect('l.source', 'source')
        .addSelect('l.sourceRef', 'sourceRef')
        .addSelect('l.subjectId', 'subjectId')
        .addSelect('SUM(l.points)', 'points')
        .addSelect('COUNT(*)', 'rows')
        .addSelect('MAX(l.id)', 'lastId')
        .addSelect('MAX(l.catalogueVersion)', 'catalogueVersion')
        .addSelect('MAX(l.occurredAt)', 'occurredAt')
        .addSelect('MAX(l.reason)', 'reason')
        .where(where, params)
        .groupBy('l.baseKey')
        .addGroupBy('l.badgeNo')
        .addGroupBy('l.unitCode')
        .addGroupBy('l.forMonth')
        .addGroupBy('l.ruleId')
        .addGroupBy('l.kind')
        .addGroupBy('l.dimension')
        .addGroupBy('l.source')
        .addGroupBy('l.sourceRef')
        .addGroupBy('l.subjectId')
        .getRawMany<Record<string, string | number | null>>();
    const from = since > 0 ? monthOf(since - LEDGER_MARGIN_MS, this.config.timeZone) : null;
    const own = await inChunks(subjectIds, CHUNK, (slice) =>
      from
        ? query('l.subjectId IN (:...slice) AND l.month >= :from', { slice, from })
        : query('l.subjectId IN (:...slice)', { slice }),
    );
    const wanted = new Set(claims.map((c) => `${c.baseKey}\u0000${c.badgeNo}`));
    const theirs = await inChunks([...new Set(claims.map((c) => c.baseKey))], CHUNK, (slice) =>
      query('l.baseKey IN (:...slice)', { slice }),
    );
    const seen = new Set<string>();
    const out: BookedGroup[] = [];
    for (const r of [...own, ...theirs.filter((t) => wanted.has(`${t.baseKey}\u0000${t.badgeNo}`))]) {
      const g = bookedOf(r);
      const k = [g.baseKey, g.badgeNo, g.unitCode, g.forMonth, g.ruleId, g.kind, g.dimension].join('\u0000');
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(g);
    }
    return out;
  }

  /** Obligations as this judgement leaves them; those it no longer finds become void. */
  async saveObligations(m: EntityManager, judged: SubjectJudgement[], now: number): Promise<void> {
    const ids = judged.map((j) => j.subjectId);
    const rows: ObligationEntity[] = judged.flatMap((j) =>
      j.obligations.map((o) => ({
        id: o.id,
        ruleId: o.ruleId,
        catalogueVersion: o.catalogueVersion,
        subjectId: j.subjectId,
        subjectKind: o.subjectKind,
        subjectRef: o.subjectRef,
        personRef: o.personRef,
        itemRef: o.itemRef,
        unitCode: o.unitCode,
        badgeNos: o.badgeNos,
        openedAt: o.openedAt,
        openedByEventId: o.openedByEventId,
        extensions: o.extensions,
        dueAt: o.dueAt,
        warnAt: o.warnAt,
        status: o.fulfilledAt === null ? 'open' : o.fulfilledAt <= o.dueAt ? 'fulfilled' : 'late',
        stage: obligationStage(o, now),
        fulfilledAt: o.fulfilledAt,
        fulfilledByEventId: o.fulfilledByEventId,
      })),
    );
    const kept = new Set(rows.map((r) => r.id));
    const stale = (
      await inChunks(ids, CHUNK, (slice) =>
        m.find(ObligationEntity, { select: { id: true }, where: { subjectId: In(slice) } }),
      )
    ).filter((o) => !kept.has(o.id));
    if (stale.length)
      await inChunks(
        stale.map((o) => o.id),
        CHUNK,
        (slice) =>
          m.update(ObligationEntity, { id: In(slice) }, { status: 'void', stage: 'none' }).then(() => []),
      );
    for (let i = 0; i < rows.length; i += 200)
      await m.upsert(ObligationEntity, rows.slice(i, i + 200) as never[], ['id']);
  }
}

export function recordedOf(r: EventEntity): RecordedEvent {
  return {
    eventId: r.eventId,
    type: r.type as EventType,
    occurredAt: r.occurredAtText,
    unitCode: r.unitCode,
    subject: { kind: r.subjectKind as SubjectKind, ref: r.subjectRef },
    officers: r.officers as OfficerOnEvent[],
    data: r.data,
    at: r.occurredAt,
    receivedAt: r.receivedAt,
    backfill: r.backfill,
  };
}

function claimOf(r: CapClaimEntity): LedgerClaim {
  return {
    baseKey: r.baseKey,
    source: 'event',
    sourceRef: r.sourceRef,
    subjectId: r.subjectId,
    badgeNo: r.badgeNo,
    unitCode: r.unitCode,
    forMonth: r.forMonth,
    occurredAt: r.occurredAt,
    points: r.points,
    kind: r.kind,
    dimension: r.dimension,
    ruleId: r.ruleId,
    catalogueVersion: r.catalogueVersion,
    reason: r.reason,
    cap: r.cap,
  };
}

function bookedOf(r: Record<string, string | number | null>): BookedGroup {
  return {
    baseKey: String(r.baseKey),
    source: r.source as BookedGroup['source'],
    sourceRef: String(r.sourceRef),
    subjectId: r.subjectId === null ? null : String(r.subjectId),
    badgeNo: String(r.badgeNo),
    unitCode: String(r.unitCode),
    forMonth: String(r.forMonth),
    occurredAt: Number(r.occurredAt),
    points: Number(r.points),
    kind: r.kind as BookedGroup['kind'],
    dimension: r.dimension as BookedGroup['dimension'],
    ruleId: String(r.ruleId),
    catalogueVersion: Number(r.catalogueVersion),
    reason: String(r.reason),
    rows: Number(r.rows),
    lastId: Number(r.lastId),
  };
}
