import { MigrationInterface, QueryRunner } from 'typeorm';

export class SubjectFirstEvent1796536728026 implements MigrationInterface {
  name = 'SubjectFirstEvent1796536728026';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "subjects"
            ADD "firstAt" bigint NOT NULL DEFAULT '0'
        `);
    // Known subjects get the instant of their earliest event; one without events keeps 0 (read all).
    await queryRunner.query(`
            UPDATE "subjects" s SET "firstAt" = f."first"
            FROM (SELECT "subjectId", MIN("occurredAt") AS "first" FROM "events" GROUP BY "subjectId") f
            WHERE f."subjectId" = s."id"
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "subjects" DROP COLUMN "firstAt"
        `);
  }
}
