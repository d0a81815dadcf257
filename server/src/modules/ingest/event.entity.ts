import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventType, OfficerOnEvent, SubjectKind } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

/** The event store: append-only, unique by eventId, replayable under any catalogue version. */
@Entity('events')
@Index(['subjectKind', 'subjectRef'])
@Index(['occurredAt'])
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

  @Column({ type: 'varchar', length: 16 })
  subjectKind!: SubjectKind;

  @Column({ type: 'varchar', length: 64 })
  subjectRef!: string;

  @Column({ type: 'simple-json' })
  officers!: OfficerOnEvent[];

  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;
}
