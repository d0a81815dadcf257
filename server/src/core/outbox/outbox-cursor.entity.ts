import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../database/columns';

/**
 * How far each outbox consumer (the live relay, the notification dispatcher, …) has got. Kept
 * in Postgres with the outbox itself, so a restart, a new leader or a flushed Redis resumes
 * exactly after the last row the consumer finished, never skipping one.
 */
@Entity('outbox_cursors')
export class OutboxCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  consumer!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  seq!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
