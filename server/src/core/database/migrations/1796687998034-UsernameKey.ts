import { MigrationInterface, QueryRunner } from 'typeorm';

export class UsernameKey1796687998034 implements MigrationInterface {
  name = 'UsernameKey1796687998034';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Two users whose names differ only in case cannot both keep them: say which, and stop.
    const clashes = (await queryRunner.query(`
            SELECT lower("username") AS "key", string_agg("username", ', ') AS "names"
            FROM "users" GROUP BY lower("username") HAVING count(*) > 1
        `)) as { key: string; names: string }[];
    if (clashes.length)
      throw new Error(
        `usernames that differ only in case must be renamed first: ${clashes.map((c) => c.names).join('; ')}`,
      );
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "usernameKey" character varying(64)
        `);
    await queryRunner.query(`
            UPDATE "users" SET "usernameKey" = lower("username")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "UQ_fddaf46b524fa6c88ac581ce8c4" UNIQUE ("usernameKey")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "UQ_fddaf46b524fa6c88ac581ce8c4"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "usernameKey"
        `);
  }
}
