import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Dimension, RuleCatalogue } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

export type LedgerSource = 'event' | 'problem' | 'adjustment' | 'reversal';
export type LedgerKind = 'base' | 'bonus' | 'deduction';

/**
 * 积分流水: append-only. `sourceKey` makes booking idempotent: the same source never books
 * twice. Points are integer tenths. Scores are sums over these rows, nothing else.
 */
@Entity('ledger_entries')
@Index('ledger_month_badge', ['month', 'badgeNo'])
@Index('ledger_badge_month', ['badgeNo', 'month'])
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200, unique: true })
  sourceKey!: string;

  @Column({ type: 'varchar', length: 32 })
  badgeNo!: string;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  /** The month (YYYY-MM) the row counts in: when it happened, or the open month for a late correction. */
  @Column({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  occurredAt!: number;

  @Column({ type: 'integer' })
  points!: number;

  @Column({ type: 'varchar', length: 12 })
  kind!: LedgerKind;

  @Column({ type: 'varchar', length: 12 })
  dimension!: Dimension;

  @Column({ type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ type: 'integer' })
  catalogueVersion!: number;

  @Column({ type: 'varchar', length: 12 })
  source!: LedgerSource;

  @Column({ type: 'varchar', length: 140 })
  sourceRef!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** 补记: booked into the open month because its own month was already aired. */
  @Column({ type: 'boolean', default: false })
  lateCorrection!: boolean;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;
}

@Entity('rule_catalogue_versions')
export class CatalogueVersionEntity {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'simple-json' })
  catalogue!: RuleCatalogue;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  createdBy!: string | null;

  @Column({ type: 'varchar', length: 500, default: '' })
  note!: string;
}

/** Months closed by their airing: rows for them go to the open month as late corrections. */
@Entity('closed_months')
export class ClosedMonthEntity {
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  closedAt!: number;
}
