import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SubjectKind } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';
import type { SubjectFacts } from './domain/subject-facts';

/** A case, incident or complaint with the facts folded from its events. */
@Entity('subjects')
export class SubjectEntity {
  /** `${kind}:${ref}` */
  @PrimaryColumn({ type: 'varchar', length: 90 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: SubjectKind;

  @Column({ type: 'varchar', length: 64 })
  ref!: string;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'simple-json' })
  facts!: SubjectFacts;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
