import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventType, OfficerOnEvent, SubjectKind } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

/** The event store: append-only, unique by eventId, replayable under any catalogue version. */
@Entity('events')
@Index('events_subject', ['subjectId', 'occurredAt'])
@Index('events_occurred', ['occurredAt'])
export class EventEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  eventId!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: EventType;

  @Column({ type: 'bigint', transformer: epochMs })
  occurredAt!: number;

  /** As sent, with its offset, so replays see exactly what scoring saw. */
  @Column({ type: 'varchar', length: 40 })
  occurredAtText!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  receivedAt!: number;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  /** `case:A123`: every judgement reads a subject's whole history through this. */
  @Column({ type: 'varchar', length: 90 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 16 })
  subjectKind!: SubjectKind;

  @Column({ type: 'varchar', length: 64 })
  subjectRef!: string;

  @Column({ type: 'simple-json' })
  officers!: OfficerOnEvent[];

  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;

  /** Sent as a backfill of history: raises no LATE_ENTRY. */
  @Column({ type: 'boolean', default: false })
  backfill!: boolean;
}
