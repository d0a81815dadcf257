import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Writers no longer take turns on one lock, so the outbox's public number can no longer be the
 * row's insertion id: it is given after commit by the sequencer (`outbox-sequencer.ts`). The old
 * `seq` becomes `id`, existing rows keep their numbers as `seq`, and the counter starts above
 * every number ever given (the old sequence's, which also counts pruned rows), so no consumer's
 * cursor ever points at a reused number. Hand-written: the generated form would drop the column
 * and lose every row's number.
 */
export class OutboxSequence1796534229322 implements MigrationInterface {
  name = 'OutboxSequence1796534229322';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "outbox_sequence" (
                "id" integer NOT NULL,
                "last" bigint NOT NULL,
                CONSTRAINT "PK_066d4e3ff987ebe0b6fe24d7f65" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            INSERT INTO "outbox_sequence" ("id", "last")
            SELECT 1, GREATEST(
                COALESCE((SELECT MAX("seq") FROM "outbox"), 0),
                (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM "outbox_seq_seq"))
        `);
    await queryRunner.query(`ALTER TABLE "outbox" RENAME COLUMN "seq" TO "id"`);
    await queryRunner.query(`ALTER SEQUENCE "outbox_seq_seq" RENAME TO "outbox_id_seq"`);
    await queryRunner.query(`
            ALTER TABLE "outbox" RENAME CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" TO "PK_340ab539f309f03bdaa14aa7649"
        `);
    await queryRunner.query(`ALTER TABLE "outbox" ADD "seq" bigint`);
    await queryRunner.query(`UPDATE "outbox" SET "seq" = "id"`);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "outbox_seq" ON "outbox" ("seq")
        `);
    await queryRunner.query(`
            CREATE INDEX "outbox_unsequenced" ON "outbox" ("id")
            WHERE "seq" IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Rows not numbered yet are numbered first: the old table had no room for a row without one.
    await queryRunner.query(`DROP INDEX "public"."outbox_unsequenced"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_seq"`);
    await queryRunner.query(`
            UPDATE "outbox" SET "seq" = s."last" + r.n
            FROM "outbox_sequence" s,
                 (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "outbox" WHERE "seq" IS NULL) r
            WHERE s."id" = 1 AND "outbox"."id" = r."id"
        `);
    await queryRunner.query(`
            ALTER TABLE "outbox" RENAME CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" TO "PK_acf0725c6a7245b71c651964ee4"
        `);
    await queryRunner.query(`ALTER TABLE "outbox" DROP CONSTRAINT "PK_acf0725c6a7245b71c651964ee4"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "id"`);
    await queryRunner.query(`ALTER TABLE "outbox" ALTER COLUMN "seq" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "outbox" ADD CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq")`,
    );
    await queryRunner.query(`CREATE SEQUENCE "outbox_seq_seq" OWNED BY "outbox"."seq"`);
    await queryRunner.query(`
            SELECT setval('"outbox_seq_seq"', GREATEST(
                (SELECT "last" FROM "outbox_sequence" WHERE "id" = 1),
                COALESCE((SELECT MAX("seq") FROM "outbox"), 0), 1))
        `);
    await queryRunner.query(
      `ALTER TABLE "outbox" ALTER COLUMN "seq" SET DEFAULT nextval('"outbox_seq_seq"')`,
    );
    await queryRunner.query(`ALTER TABLE "outbox" ALTER COLUMN "seq" TYPE integer`);
    await queryRunner.query(`DROP TABLE "outbox_sequence"`);
  }
}
