import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SubjectKind } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

/**
 * A case, incident or complaint Jifen has heard of. Its judgement is derived from its events
 * every time; the row is what concurrent writers lock to judge one subject at a time.
 */
@Entity('subjects')
export class SubjectEntity {
  /** `${kind}:${ref}` */
  @PrimaryColumn({ type: 'varchar', length: 90 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: SubjectKind;

  @Column({ type: 'varchar', length: 64 })
  ref!: string;

  /** The unit of its first event: where its problems are filed. */
  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;

  /**
   * The earliest `occurredAt` of its events (0: not known, read them all). Its events and
   * ledger rows lie in that month's partition or later ones: judgement reads from there on,
   * so a batch of current cases touches one or two months, not every month online.
   */
  @Column({ type: 'bigint', transformer: epochMs, default: 0 })
  firstAt!: number;
}
