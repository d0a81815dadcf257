import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PublicationKind, PublicationSnapshot } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

/**
 * One version of a publication: written once, never updated. A re-issue is a new row with
 * the next version; every version stays readable. The unique key is what makes two workers
 * racing for one period end with one snapshot.
 */
@Entity('publication_snapshots')
@Index('publication_version', ['kind', 'period', 'version'], { unique: true })
export class PublicationSnapshotEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 12 })
  kind!: PublicationKind;

  /** 2026-10, 2026-Q4, 2026 or 2026-11-02. */
  @Column({ type: 'varchar', length: 10 })
  period!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'simple-json' })
  payload!: PublicationSnapshot;

  /** The highest ledger row counted. */
  @Column({ type: 'bigint', transformer: epochMs })
  ledgerMark!: number;

  @Column({ type: 'integer' })
  catalogueVersion!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  publishedAt!: number;
}
