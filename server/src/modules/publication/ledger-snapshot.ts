import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { addRow, emptyBreakdown, type TenthsBreakdown } from '../scoring/domain/breakdown';
import type { LedgerKind } from '../scoring/domain/ledger-line';
import type { OfficerUnitSums } from '../scoring/domain/ranking';
import { LedgerEntryEntity } from '../scoring/scoring.entities';

interface SumRow {
  badgeNo: string;
  unitCode: string;
  kind: LedgerKind;
  dimension: 'quantity' | 'quality' | 'efficiency';
  points: string | number;
}

/**
 * Rows that amend an aired period after it closed: an upheld appeal or a correction dated
 * in it, booked into a later month as 补记. They count in the month they were booked into
 * (the live board) and, re-issued, in the period they belong to.
 */
const AMENDS = `l.lateCorrection = :late AND (l.cause = 'appeal_upheld' OR l.source = 'adjustment')`;

/**
 * Consistent reads of the ledger for publications. On Postgres a read-only REPEATABLE READ
 * transaction: one snapshot for every query of a publication, no lock taken, so ingestion
 * goes on at full speed while a large airing is computed. (SQLite has a single connection
 * and a single writer: there the read takes its turn with the writers.)
 */
@Injectable()
export class LedgerSnapshot {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  consistent<T>(read: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.config.database.driver !== 'postgres') return this.uow.run(read);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      return read(m);
    });
  }

  /** The highest ledger row the snapshot sees: what a publication's figures equal the ledger up to. */
  async mark(m: EntityManager): Promise<number> {
    const [r] = await m.query(`SELECT COALESCE(MAX(id), 0) AS mark FROM ledger_entries`);
    return Number(r.mark);
  }

  /**
   * Sums per officer and unit earned in, of the rows counted in `months` up to `mark`, plus
   * (when `amended`) the rows that amend those months after they were aired.
   */
  async sums(m: EntityManager, months: string[], mark: number, amended: boolean): Promise<OfficerUnitSums[]> {
    if (!months.length) return [];
    const rows = await this.grouped(m, 'l.month IN (:...months)', { months, mark });
    if (amended)
      rows.push(
        ...(await this.grouped(
          m,
          `l.forMonth IN (:...months) AND l.month NOT IN (:...months) AND ${AMENDS}`,
          {
            months,
            mark,
            late: true,
          },
        )),
      );
    const by = new Map<string, OfficerUnitSums>();
    for (const r of rows) {
      const key = `${r.badgeNo}\u0000${r.unitCode}`;
      let e = by.get(key);
      if (!e) by.set(key, (e = { badgeNo: r.badgeNo, unitCode: r.unitCode, sums: emptyBreakdown() }));
      addRow(e.sums as TenthsBreakdown, r.kind, r.dimension, Number(r.points));
    }
    return [...by.values()];
  }

  /** Points per officer booked in `months` as late corrections for earlier months (补记). */
  async lateCorrections(m: EntityManager, months: string[], mark: number): Promise<Map<string, number>> {
    if (!months.length) return new Map();
    const rows: { badgeNo: string; points: string | number }[] = await m
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('l')
      .select('l.badgeNo', 'badgeNo')
      .addSelect('SUM(l.points)', 'points')
      .where('l.month IN (:...months) AND l.id <= :mark AND l.lateCorrection = :late', {
        months,
        mark,
        late: true,
      })
      .groupBy('l.badgeNo')
      .getRawMany();
    return new Map(rows.map((r) => [r.badgeNo, Number(r.points)]));
  }

  /** The newest row amending each aired month after its close, by month. */
  async latestAmendments(m: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    const rows: { forMonth: string; last: string | number }[] = await m
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('l')
      .select('l.forMonth', 'forMonth')
      .addSelect('MAX(l.id)', 'last')
      .where(`l.month <> l.forMonth AND ${AMENDS}`, { late: true })
      .groupBy('l.forMonth')
      .getRawMany();
    return new Map(rows.map((r) => [r.forMonth, Number(r.last)]));
  }

  private grouped(m: EntityManager, where: string, params: Record<string, unknown>): Promise<SumRow[]> {
    return m
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('l')
      .select('l.badgeNo', 'badgeNo')
      .addSelect('l.unitCode', 'unitCode')
      .addSelect('l.kind', 'kind')
      .addSelect('l.dimension', 'dimension')
      .addSelect('SUM(l.points)', 'points')
      .where(`${where} AND l.id <= :mark`, params)
      .groupBy('l.badgeNo')
      .addGroupBy('l.unitCode')
      .addGroupBy('l.kind')
      .addGroupBy('l.dimension')
      .getRawMany();
  }
}
