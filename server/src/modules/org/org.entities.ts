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

/**
 * Which unit an officer belonged to since when. An officer's points stay with the unit they
 * belonged to when each thing happened; the org import records a transfer here.
 */
@Entity('officer_units')
@Index('officer_units_badge', ['badgeNo', 'since'])
export class OfficerUnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  badgeNo!: string;

  @PrimaryColumn({ type: 'bigint', transformer: epochMs })
  since!: number;

  @Column({ type: 'varchar', length: 32 })
  unitCode!: string;
}
