import { Injectable } from '@nestjs/common';
import { fromTenths, type ScoreChange } from '@jifen/shared';
import { EntityManager, In } from 'typeorm';
import { inChunks, insertRows } from '../../core/database/insert-rows';
import { OutboxWriter } from '../../core/outbox/outbox.writer';
import { OrgService } from '../org/org.service';
import type { LedgerDraft } from './domain/ledger-draft';
import { ClosedMonthEntity, LedgerEntryEntity } from './scoring.entities';

/** A stored row as the draft it was booked from (without its id and insertion time). */
export function draftOf(r: LedgerEntryEntity): LedgerDraft {
  return {
    sourceKey: r.sourceKey,
    badgeNo: r.badgeNo,
    unitCode: r.unitCode,
    month: r.month,
    occurredAt: r.occurredAt,
    points: r.points,
    kind: r.kind,
    dimension: r.dimension,
    ruleId: r.ruleId,
    catalogueVersion: r.catalogueVersion,
    source: r.source,
    sourceRef: r.sourceRef,
    reason: r.reason,
    lateCorrection: r.lateCorrection,
  };
}

/** The live message kind for ledger changes; its payload is `{ changes: ScoreChange[] }`. */
export const SCORE_MESSAGE = 'score';

/**
 * Books ledger rows inside the caller's transaction and queues their live message. Rows
 * whose source was booked before are skipped, so booking is idempotent end to end.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly org: OrgService,
  ) {}

  async book(m: EntityManager, drafts: LedgerDraft[], now: number): Promise<LedgerDraft[]> {
    if (!drafts.length) return [];
    const found = await inChunks(
      drafts.map((d) => d.sourceKey),
      500,
      (keys) => m.find(LedgerEntryEntity, { select: { sourceKey: true }, where: { sourceKey: In(keys) } }),
    );
    const existing = new Set(found.map((f) => f.sourceKey));
    const seen = new Set<string>();
    const fresh = drafts.filter(
      (d) => !existing.has(d.sourceKey) && !seen.has(d.sourceKey) && seen.add(d.sourceKey),
    );
    await insertRows(
      m,
      LedgerEntryEntity,
      fresh.map((d) => ({ ...d, createdAt: now }) as LedgerEntryEntity),
      300,
    );
    await this.queueChanges(m, fresh);
    return fresh;
  }

  /** One outbox row per unit touched, carrying every change with the officer's new month total. */
  private async queueChanges(m: EntityManager, rows: LedgerDraft[]): Promise<void> {
    if (!rows.length) return;
    const totals = await this.monthTotals(m, rows);
    const byUnit = new Map<string, ScoreChange[]>();
    for (const r of rows) {
      const list = byUnit.get(r.unitCode) ?? [];
      const d = this.org.directory;
      list.push({
        badgeNo: r.badgeNo,
        name: d.officer(r.badgeNo)?.name ?? r.badgeNo,
        unitCode: r.unitCode,
        unitName: d.unit(r.unitCode)?.name ?? r.unitCode,
        period: r.month,
        forMonth: r.month,
        delta: fromTenths(r.points),
        total: fromTenths(totals.get(`${r.badgeNo}|${r.month}`) ?? 0),
        ruleId: r.ruleId,
        ruleTitle: { zh: r.reason.split(' · ')[0], en: r.ruleId },
        at: new Date(r.occurredAt).toISOString(),
      });
      byUnit.set(r.unitCode, list);
    }
    await this.outbox.append(
      m,
      [...byUnit].map(([unitCode, changes]) => ({
        kind: SCORE_MESSAGE,
        unitPath: this.org.directory.pathOf(unitCode),
        payload: { changes },
      })),
    );
  }

  async monthTotals(
    m: EntityManager,
    rows: { badgeNo: string; month: string }[],
  ): Promise<Map<string, number>> {
    const badges = [...new Set(rows.map((r) => r.badgeNo))];
    const months = [...new Set(rows.map((r) => r.month))];
    const sums = await inChunks(
      badges,
      500,
      (slice): Promise<{ badgeNo: string; month: string; total: string | number }[]> =>
        m
          .createQueryBuilder(LedgerEntryEntity, 'l')
          .select('l.badgeNo', 'badgeNo')
          .addSelect('l.month', 'month')
          .addSelect('SUM(l.points)', 'total')
          .where('l.badgeNo IN (:...badges)', { badges: slice })
          .andWhere('l.month IN (:...months)', { months })
          .groupBy('l.badgeNo')
          .addGroupBy('l.month')
          .getRawMany(),
    );
    return new Map(sums.map((s) => [`${s.badgeNo}|${s.month}`, Number(s.total)]));
  }

  async closedMonths(m: EntityManager): Promise<Set<string>> {
    return new Set((await m.find(ClosedMonthEntity)).map((c) => c.month));
  }

  /** What is already booked under capped rules, so caps hold across batches. */
  async capUsage(
    m: EntityManager,
    ruleIds: string[],
    badges: string[],
    months: string[],
  ): Promise<[string, number][]> {
    if (!ruleIds.length || !badges.length || !months.length) return [];
    const sums = await inChunks(
      badges,
      500,
      (slice): Promise<{ badgeNo: string; ruleId: string; month: string; used: string | number }[]> =>
        m
          .createQueryBuilder(LedgerEntryEntity, 'l')
          .select('l.badgeNo', 'badgeNo')
          .addSelect('l.ruleId', 'ruleId')
          .addSelect('l.month', 'month')
          .addSelect('SUM(l.points)', 'used')
          .where('l.ruleId IN (:...ruleIds)', { ruleIds })
          .andWhere('l.badgeNo IN (:...badges)', { badges: slice })
          .andWhere('l.month IN (:...months)', { months })
          .andWhere("l.source = 'event'")
          .groupBy('l.badgeNo')
          .addGroupBy('l.ruleId')
          .addGroupBy('l.month')
          .getRawMany(),
    );
    return sums.map((s) => [`${s.badgeNo}|${s.ruleId}|${s.month}`, Number(s.used)]);
  }
}
