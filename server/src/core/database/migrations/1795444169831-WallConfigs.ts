import { MigrationInterface, QueryRunner } from 'typeorm';

export class WallConfigs1795444169831 implements MigrationInterface {
  name = 'WallConfigs1795444169831';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "wall_configs" (
                "tokenId" character varying(36) NOT NULL,
                "config" text NOT NULL,
                "version" integer NOT NULL,
                "updatedAt" bigint NOT NULL,
                "updatedBy" character varying(64) NOT NULL,
                CONSTRAINT "PK_33c981c924e5ed5eff44ac6cd05" PRIMARY KEY ("tokenId")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "wall_configs"
        `);
  }
}
