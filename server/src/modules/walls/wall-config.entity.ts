import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WallConfig } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

/** A display token's wall: panel sets, rotation, privacy and reload hour. No row: the defaults. */
@Entity('wall_configs')
export class WallConfigEntity {
  /** The display token (access_tokens.id) this wall runs with. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tokenId!: string;

  @Column({ type: 'simple-json' })
  config!: WallConfig;

  /** Optimistic concurrency: a save names the version it read. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;

  @Column({ type: 'varchar', length: 64 })
  updatedBy!: string;
}
