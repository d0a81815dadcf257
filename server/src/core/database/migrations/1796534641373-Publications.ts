import { MigrationInterface, QueryRunner } from 'typeorm';

export class Publications1796534641373 implements MigrationInterface {
  name = 'Publications1796534641373';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "publication_snapshots" (
                "id" SERIAL NOT NULL,
                "kind" character varying(12) NOT NULL,
                "period" character varying(10) NOT NULL,
                "version" integer NOT NULL,
                "payload" text NOT NULL,
                "ledgerMark" bigint NOT NULL,
                "catalogueVersion" integer NOT NULL,
                "publishedAt" bigint NOT NULL,
                CONSTRAINT "PK_5a4c65b41c17a57f120bd33a72c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "publication_version" ON "publication_snapshots" ("kind", "period", "version")
        `);
    await queryRunner.query(`
            CREATE INDEX "ledger_late" ON "ledger_entries" ("forMonth", "id")
            WHERE "lateCorrection" = true
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ledger_late"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."publication_version"
        `);
    await queryRunner.query(`
            DROP TABLE "publication_snapshots"
        `);
  }
}
