import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '../database/columns';

/**
 * Every committed change that walls and consoles must see, in commit order. The relay
 * publishes rows by `seq`; clients resume from the last `seq` they saw.
 */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn()
  seq!: number;

  /** `score` | `alert.raised` | `alert.updated` | any later message kind. */
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
