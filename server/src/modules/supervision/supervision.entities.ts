import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AlertAction, AlertStage, AlertStatus, Duration, Severity, SubjectKind } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

export type ObligationStatus = 'open' | 'fulfilled' | 'late' | 'violated';

/** 时限义务: the database is the source of truth for every deadline; the sweep reads it. */
@Entity('obligations')
@Index('obligations_subject', ['subjectKind', 'subjectRef'])
@Index('obligations_due', ['status', 'dueAt'])
@Index('obligations_warn', ['status', 'warnAt'])
export class ObligationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ type: 'varchar', length: 16 })
  subjectKind!: SubjectKind;

  @Column({ type: 'varchar', length: 64 })
  subjectRef!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  personRef!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  itemRef!: string | null;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'simple-json' })
  badgeNos!: string[];

  @Column({ type: 'bigint', transformer: epochMs })
  openedAt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  dueAt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  warnAt!: number;

  @Column({ type: 'simple-json' })
  extensions!: Duration[];

  @Column({ type: 'varchar', length: 128 })
  openedByEventId!: string;

  /** open → fulfilled (in time) | late (fulfilled after due) ; open past due stays open with stage violation. */
  @Column({ type: 'varchar', length: 12 })
  status!: ObligationStatus;

  /** The furthest problem stage raised for it: none, warning, violation. */
  @Column({ type: 'varchar', length: 12, default: 'none' })
  stage!: 'none' | 'warning' | 'violation';

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  fulfilledAt!: number | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  problemId!: string | null;
}

/** 执法问题. `points` is what is currently booked against each officer on it, in tenths. */
@Entity('problems')
@Index('problems_status', ['status', 'detectedAt'])
@Index('problems_escalate', ['status', 'escalateAt'])
@Index('problems_subject', ['subjectKind', 'subjectRef'])
export class ProblemEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  obligationId!: string | null;

  @Column({ type: 'varchar', length: 12 })
  stage!: AlertStage;

  @Column({ type: 'varchar', length: 12 })
  severity!: Severity;

  @Column({ type: 'varchar', length: 16 })
  status!: AlertStatus;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  /** Materialised path of the unit, for scoped reads. */
  @Column({ type: 'varchar', length: 400 })
  unitPath!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  escalatedTo!: string | null;

  @Column({ type: 'simple-json' })
  badgeNos!: string[];

  @Column({ type: 'varchar', length: 16 })
  subjectKind!: SubjectKind;

  @Column({ type: 'varchar', length: 64 })
  subjectRef!: string;

  @Column({ type: 'varchar', length: 120 })
  titleZh!: string;

  @Column({ type: 'varchar', length: 120 })
  titleEn!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  eventId!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  detectedAt!: number;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  dueAt!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ackBy!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  ackAt!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  assignee!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  rectifyDueAt!: number | null;

  @Column({ type: 'boolean', default: false })
  rectifyOverdue!: boolean;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  rectifiedAt!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  closedAt!: number | null;

  /** When it goes to the parent unit if still unacknowledged; null once acknowledged or never. */
  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  escalateAt!: number | null;

  @Column({ type: 'integer' })
  points!: number;

  @Column({ type: 'integer' })
  version!: number;
}

@Entity('problem_history')
@Index('problem_history_problem', ['problemId'])
export class ProblemHistoryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 36 })
  problemId!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: number;

  @Column({ type: 'varchar', length: 24 })
  action!: AlertAction;

  @Column({ type: 'varchar', length: 64 })
  by!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus!: AlertStatus | null;

  @Column({ type: 'varchar', length: 16 })
  toStatus!: AlertStatus;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

@Entity('appeals')
@Index('appeals_status', ['status'])
export class AppealEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  problemId!: string;

  @Column({ type: 'varchar', length: 32 })
  badgeNo!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: 'pending' | 'upheld' | 'rejected';

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  decidedAt!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

/** The administrator-maintained holiday calendar: only listed dates move non-custody limits. */
@Entity('holidays')
export class HolidayEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date!: string;
}
