import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiTokenExpiry1796688033147 implements MigrationInterface {
  name = 'ApiTokenExpiry1796688033147';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "user_sessions" (
                "id" character varying(36) NOT NULL,
                "userId" character varying(36) NOT NULL,
                "generation" integer NOT NULL,
                "previousValidUntil" bigint,
                "expiresAt" bigint NOT NULL,
                "createdAt" bigint NOT NULL,
                CONSTRAINT "PK_e93e031a5fed190d4789b6bfd83" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_55fa4db8406ed66bc704432842" ON "user_sessions" ("userId")
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens"
            ADD "expiresAt" bigint
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens"
            ADD "previousSecretHash" character varying(64)
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens"
            ADD "previousValidUntil" bigint
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens"
            ADD "rotatedAt" bigint
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e16bc3d5b9ec0daf4cdd58aa6b" ON "access_tokens" ("previousSecretHash")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e16bc3d5b9ec0daf4cdd58aa6b"
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens" DROP COLUMN "rotatedAt"
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens" DROP COLUMN "previousValidUntil"
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens" DROP COLUMN "previousSecretHash"
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens" DROP COLUMN "expiresAt"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_55fa4db8406ed66bc704432842"
        `);
    await queryRunner.query(`
            DROP TABLE "user_sessions"
        `);
  }
}
