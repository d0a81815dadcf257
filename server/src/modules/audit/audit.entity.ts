import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '../../core/database/columns';

/** Append-only: rows are inserted, never updated or deleted. */
@Entity('audit_log')
@Index(['action'])
export class AuditEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: number;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 200 })
  target!: string;

  @Column({ type: 'simple-json' })
  details!: Record<string, unknown>;
}
