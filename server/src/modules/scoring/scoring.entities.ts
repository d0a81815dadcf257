import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Dimension, LedgerCause, LedgerSource, RuleCatalogue } from '@jifen/shared';
import type { LedgerKind } from './domain/ledger-line';
import { epochMs } from '../../core/database/columns';

/**
 * 积分流水: append-only. Every row of a source and officer adds up to what the latest
 * judgement wants for them; later rows are compensating rows that say why (`cause`) and which
 * row they reverse. `sourceKey` is unique, so a row can be booked only once. Points are
 * integer tenths. Scores are sums over these rows, nothing else.
 */
@Entity('ledger_entries')
@Index('ledger_month_badge', ['month', 'badgeNo'])
@Index('ledger_badge_month', ['badgeNo', 'month'])
@Index('ledger_subject', ['subjectId'])
@Index('ledger_base', ['baseKey', 'badgeNo'])
// Late corrections are few: publications find the ones that amend an aired month without a scan.
@Index('ledger_late', ['forMonth', 'id'], { where: '"lateCorrection" = true' })
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 220, unique: true })
  sourceKey!: string;

  /** The source (`event:E1:RULE`, `problem:<id>`, `adjustment:<id>`) whose rows add up together. */
  @Column({ type: 'varchar', length: 200, default: '' })
  baseKey!: string;

  @Column({ type: 'varchar', length: 32 })
  badgeNo!: string;

  /** The officer's unit when the thing happened. */
  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  /** The month (YYYY-MM) the row counts in: its own month, or the open month for a late correction. */
  @Column({ type: 'varchar', length: 7 })
  month!: string;

  /** The month the row belongs to: when what it rewards or punishes happened. */
  @Column({ type: 'varchar', length: 7, default: '' })
  forMonth!: string;

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

  /** The case, incident or complaint behind it; null for a manual adjustment. */
  @Column({ type: 'varchar', length: 90, nullable: true })
  subjectId!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'scored' })
  cause!: LedgerCause;

  /** The row this one compensates. */
  @Column({ type: 'integer', nullable: true })
  reversesId!: number | null;

  @Column({ type: 'text' })
  reason!: string;

  /** 补记: booked into the open month because its own month was already aired. */
  @Column({ type: 'boolean', default: false })
  lateCorrection!: boolean;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;
}

/**
 * Points that monthly-capped rules want for an event, before the cap: the cap of one
 * officer, rule and month is shared out over all of them in event order whenever one of them
 * changes. Derived data, rewritten with every judgement of its subject.
 */
@Entity('cap_claims')
@Index('cap_claims_group', ['badgeNo', 'ruleId', 'forMonth'])
@Index('cap_claims_subject', ['subjectId'])
export class CapClaimEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  baseKey!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  badgeNo!: string;

  @Column({ type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ type: 'varchar', length: 7 })
  forMonth!: string;

  @Column({ type: 'varchar', length: 90 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 140 })
  sourceRef!: string;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  occurredAt!: number;

  /** Wanted before the cap, tenths. */
  @Column({ type: 'integer' })
  points!: number;

  @Column({ type: 'integer' })
  cap!: number;

  @Column({ type: 'varchar', length: 12 })
  kind!: LedgerKind;

  @Column({ type: 'varchar', length: 12 })
  dimension!: Dimension;

  @Column({ type: 'integer' })
  catalogueVersion!: number;

  @Column({ type: 'text' })
  reason!: string;
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

  /** Instants from this one on are judged under this version (until a higher version takes over). */
  @Column({ type: 'bigint', transformer: epochMs, default: 0 })
  effectiveFrom!: number;
}

/** Months closed by their airing: rows for them go to the open month as late corrections. */
@Entity('closed_months')
export class ClosedMonthEntity {
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  closedAt!: number;
}
