import { Injectable } from '@nestjs/common';
import { fromTenths } from '@jifen/shared';
import { EntityManager } from 'typeorm';
import { bulkInsert } from '../../core/database/bulk-writer';
import { OutboxWriter } from '../../core/outbox/outbox.writer';
import { LIVE_KINDS, type RecordedScoreChange } from '../../core/realtime/live-messages';
import { OrgService } from '../org/org.service';
import type { LedgerDraft } from './domain/ledger-line';
import { ClosedMonthEntity, LedgerEntryEntity } from './scoring.entities';

/**
 * Appends ledger rows inside the caller's transaction and queues their live message. Rows
 * come from a settlement against what is booked, so booking never repeats a row; `sourceKey`
 * is unique besides, as a last guard.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly org: OrgService,
  ) {}

  async book(m: EntityManager, drafts: LedgerDraft[], now: number): Promise<void> {
    if (!drafts.length) return;
    await bulkInsert(
      m,
      LedgerEntryEntity,
      drafts.map(
        (d) =>
          ({
            sourceKey: d.sourceKey,
            baseKey: d.baseKey,
            badgeNo: d.badgeNo,
            unitCode: d.unitCode,
            month: d.month,
            forMonth: d.forMonth,
            occurredAt: d.occurredAt,
            points: d.points,
            kind: d.kind,
            dimension: d.dimension,
            ruleId: d.ruleId,
            catalogueVersion: d.catalogueVersion,
            source: d.source,
            sourceRef: d.sourceRef,
            subjectId: d.subjectId,
            cause: d.cause,
            reversesId: d.reversesId,
            reason: d.reason,
            lateCorrection: d.lateCorrection,
            createdAt: now,
          }) as LedgerEntryEntity,
      ),
    );
    await this.queueChanges(m, drafts);
  }

  /** One outbox row per unit touched; names, rule titles and totals are added when it is sent. */
  private async queueChanges(m: EntityManager, rows: LedgerDraft[]): Promise<void> {
    const byUnit = new Map<string, RecordedScoreChange[]>();
    for (const r of rows) {
      const list = byUnit.get(r.unitCode) ?? [];
      list.push({
        badgeNo: r.badgeNo,
        unitCode: r.unitCode,
        period: r.month,
        forMonth: r.forMonth,
        delta: fromTenths(r.points),
        ruleId: r.ruleId,
        catalogueVersion: r.catalogueVersion,
        at: new Date(r.occurredAt).toISOString(),
      });
      byUnit.set(r.unitCode, list);
    }
    await this.outbox.append(
      m,
      [...byUnit].map(([unitCode, changes]) => ({
        kind: LIVE_KINDS.score,
        unitPath: this.org.directory.pathOf(unitCode),
        payload: { changes },
      })),
    );
  }

  /**
   * Closes a month (its airing): from the caller's commit on, a row for it is a late
   * correction booked into the open month. Closing twice keeps the first instant.
   */
  async closeMonth(m: EntityManager, month: string, at: number): Promise<void> {
    if (!(await m.existsBy(ClosedMonthEntity, { month })))
      await m.insert(ClosedMonthEntity, { month, closedAt: at });
  }

  async closedMonths(m: EntityManager): Promise<Set<string>> {
    return new Set((await m.find(ClosedMonthEntity)).map((c) => c.month));
  }
}
