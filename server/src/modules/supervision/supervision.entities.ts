import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type {
  AlertAction,
  AlertResolution,
  AlertStage,
  AlertStatus,
  Dimension,
  Duration,
  Severity,
  SubjectKind,
} from '@jifen/shared';
import { epochMs } from '../../core/database/columns';
import type { FindingOrigin } from './domain/finding';
import type { ProblemRecord } from './domain/problem-record';

export type ObligationStatus = 'open' | 'fulfilled' | 'late' | 'void';

/**
 * 时限义务 as the last judgement of its subject left them. The sweep reads them to find the
 * subjects whose stage the clock alone has changed; every judgement rewrites them whole.
 */
@Entity('obligations')
@Index('obligations_subject', ['subjectId'])
@Index('obligations_due', ['status', 'dueAt'])
@Index('obligations_warn', ['status', 'warnAt'])
export class ObligationEntity {
  /** Derived from the rule and the opening event. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ type: 'integer', default: 1 })
  catalogueVersion!: number;

  @Column({ type: 'varchar', length: 90 })
  subjectId!: string;

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

  @Column({ type: 'varchar', length: 128 })
  openedByEventId!: string;

  @Column({ type: 'simple-json' })
  extensions!: Duration[];

  @Column({ type: 'bigint', transformer: epochMs })
  dueAt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  warnAt!: number;

  /** open, fulfilled (in time), late (fulfilled after due), or void (a later judgement no longer finds it). */
  @Column({ type: 'varchar', length: 12 })
  status!: ObligationStatus;

  /** Its stage at the last judgement: none, warning (临期预警) or violation (超期). */
  @Column({ type: 'varchar', length: 12, default: 'none' })
  stage!: 'none' | 'warning' | 'violation';

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  fulfilledAt!: number | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  fulfilledByEventId!: string | null;
}

/**
 * 执法问题: what the judgement found (rule, stage, points, the instant its points belong to)
 * and what people did with it (acknowledged, assigned, rectified, dismissed, appealed).
 */
@Entity('problems')
@Index('problems_status', ['status', 'detectedAt'])
@Index('problems_escalate', ['status', 'escalateAt'])
@Index('problems_subject', ['subjectId'])
@Index('problems_rectify', ['rectifyOverdue', 'rectifyDueAt'])
export class ProblemEntity implements ProblemRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** obligation, event, or rectification (RECTIFY_OVERDUE). */
  @Column({ type: 'varchar', length: 16, default: 'event' })
  origin!: FindingOrigin;

  @Column({ type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  obligationId!: string | null;

  /** For RECTIFY_OVERDUE: the problem not rectified in time. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @Column({ type: 'varchar', length: 12 })
  stage!: AlertStage;

  @Column({ type: 'varchar', length: 12 })
  severity!: Severity;

  @Column({ type: 'varchar', length: 16 })
  status!: AlertStatus;

  @Column({ type: 'varchar', length: 12, nullable: true })
  resolution!: AlertResolution | null;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  /** Materialised path of the unit, for scoped reads. */
  @Column({ type: 'varchar', length: 400 })
  unitPath!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  escalatedTo!: string | null;

  @Column({ type: 'simple-json' })
  badgeNos!: string[];

  @Column({ type: 'simple-json', default: '[]' })
  waivedBadges!: string[];

  @Column({ type: 'varchar', length: 90, default: '' })
  subjectId!: string;

  @Column({ type: 'varchar', length: 16 })
  subjectKind!: SubjectKind;

  @Column({ type: 'varchar', length: 64 })
  subjectRef!: string;

  @Column({ type: 'varchar', length: 120 })
  titleZh!: string;

  @Column({ type: 'varchar', length: 120 })
  titleEn!: string;

  @Column({ type: 'varchar', length: 400, default: '' })
  detailZh!: string;

  @Column({ type: 'varchar', length: 400, default: '' })
  detailEn!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  eventId!: string | null;

  /** When Jifen raised it. */
  @Column({ type: 'bigint', transformer: epochMs })
  detectedAt!: number;

  /** When what it reports happened: its points belong to this instant's month. */
  @Column({ type: 'bigint', transformer: epochMs, default: 0 })
  occurredAt!: number;

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

  /** Per officer while it stands, in tenths; 0 for a warning. */
  @Column({ type: 'integer' })
  points!: number;

  @Column({ type: 'varchar', length: 12, default: 'quality' })
  dimension!: Dimension;

  @Column({ type: 'integer', default: 1 })
  catalogueVersion!: number;

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
