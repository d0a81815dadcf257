import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { UnitKind } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

@Entity('units')
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: UnitKind;

  @Column({ type: 'varchar', length: 32, nullable: true })
  parentCode!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}

@Entity('officers')
@Index(['unitCode'])
export class OfficerEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  badgeNo!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
