import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '../database/columns';

/**
 * Every committed change that walls, consoles and notifications must hear of. A row is
 * written with the change, in its transaction; its public number `seq` is given after the
 * commit by the sequencer, so consumers reading in `seq` order never pass a row that a slower
 * transaction commits later.
 */
@Entity('outbox')
@Index('outbox_unsequenced', ['id'], { where: '"seq" IS NULL' })
export class OutboxEntity {
  /** Order of writing; a transaction that waited for another writes after that one committed. */
  @PrimaryGeneratedColumn()
  id!: number;

  /** Order of publication; null until the sequencer numbers it. */
  @Index('outbox_seq', { unique: true })
  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  seq!: number | null;

  /** `score` | `alert.raised` | `alert.updated` | `wall.config` | any later message kind. */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  /** Materialised unit path (`/root/child/`) of the unit the change belongs to: scope filter for replay. */
  @Column({ type: 'varchar', length: 400 })
  unitPath!: string;

  @Column({ type: 'simple-json' })
  payload!: unknown;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;
}

/** An outbox row the sequencer has numbered: what consumers read. */
export type SequencedRow = Omit<OutboxEntity, 'seq'> & { seq: number };

/** The highest `seq` given so far (one row): survives pruning, so numbers are never reused. */
@Entity('outbox_sequence')
export class OutboxSequenceEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  last!: number;
}
