import { MigrationInterface, QueryRunner } from 'typeorm';

export class EventTime1795442652571 implements MigrationInterface {
  name = 'EventTime1795442652571';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_67c323b17676f03ca11b07e758"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_26bdef29dd926dc5a2073eaa17"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."obligations_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."problems_subject"
        `);
    await queryRunner.query(`
            CREATE TABLE "officer_units" (
                "badgeNo" character varying(32) NOT NULL,
                "since" bigint NOT NULL,
                "unitCode" character varying(32) NOT NULL,
                CONSTRAINT "PK_1174a44c79ff7618a8fd12a6845" PRIMARY KEY ("badgeNo", "since")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "officer_units_badge" ON "officer_units" ("badgeNo", "since")
        `);
    await queryRunner.query(`
            CREATE TABLE "cap_claims" (
                "baseKey" character varying(200) NOT NULL,
                "badgeNo" character varying(32) NOT NULL,
                "ruleId" character varying(64) NOT NULL,
                "forMonth" character varying(7) NOT NULL,
                "subjectId" character varying(90) NOT NULL,
                "sourceRef" character varying(140) NOT NULL,
                "unitCode" character varying(32) NOT NULL,
                "occurredAt" bigint NOT NULL,
                "points" integer NOT NULL,
                "cap" integer NOT NULL,
                "kind" character varying(12) NOT NULL,
                "dimension" character varying(12) NOT NULL,
                "catalogueVersion" integer NOT NULL,
                "reason" text NOT NULL,
                CONSTRAINT "PK_576d441c6a922ebd2c28435b1fc" PRIMARY KEY ("baseKey", "badgeNo")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "cap_claims_subject" ON "cap_claims" ("subjectId")
        `);
    await queryRunner.query(`
            CREATE INDEX "cap_claims_group" ON "cap_claims" ("badgeNo", "ruleId", "forMonth")
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox_cursors" (
                "consumer" character varying(64) NOT NULL,
                "seq" bigint NOT NULL,
                "updatedAt" bigint NOT NULL,
                CONSTRAINT "PK_06d9e63435f871afb256f94b3d7" PRIMARY KEY ("consumer")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "subjects" DROP COLUMN "facts"
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations" DROP COLUMN "problemId"
        `);
    // Existing rows get the subject they already name, before the column may be NOT NULL without default.
    await queryRunner.query(`
            ALTER TABLE "events"
            ADD "subjectId" character varying(90) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            UPDATE "events" SET "subjectId" = "subjectKind" || ':' || "subjectRef"
        `);
    await queryRunner.query(`
            ALTER TABLE "events" ALTER COLUMN "subjectId" DROP DEFAULT
        `);
    await queryRunner.query(`
            ALTER TABLE "events"
            ADD "backfill" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries"
            ADD "baseKey" character varying(200) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries"
            ADD "forMonth" character varying(7) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries"
            ADD "subjectId" character varying(90)
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries"
            ADD "cause" character varying(16) NOT NULL DEFAULT 'scored'
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries"
            ADD "reversesId" integer
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_catalogue_versions"
            ADD "effectiveFrom" bigint NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations"
            ADD "catalogueVersion" integer NOT NULL DEFAULT '1'
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations"
            ADD "subjectId" character varying(90) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            UPDATE "obligations" SET "subjectId" = "subjectKind" || ':' || "subjectRef"
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations" ALTER COLUMN "subjectId" DROP DEFAULT
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations"
            ADD "fulfilledByEventId" character varying(128)
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "origin" character varying(16) NOT NULL DEFAULT 'event'
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "parentId" character varying(36)
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "resolution" character varying(12)
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "waivedBadges" text NOT NULL DEFAULT '[]'
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "subjectId" character varying(90) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "detailZh" character varying(400) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "detailEn" character varying(400) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "occurredAt" bigint NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "dimension" character varying(12) NOT NULL DEFAULT 'quality'
        `);
    await queryRunner.query(`
            ALTER TABLE "problems"
            ADD "catalogueVersion" integer NOT NULL DEFAULT '1'
        `);
    // Widened in place: dropping and re-adding the column would lose every key.
    await queryRunner.query(`
            ALTER TABLE "ledger_entries" ALTER COLUMN "sourceKey" TYPE character varying(220)
        `);
    // What earlier versions booked, in the terms of this one.
    await queryRunner.query(`
            UPDATE "ledger_entries" SET "forMonth" = "month",
              "baseKey" = regexp_replace("sourceKey", ':[^:]*$', ''),
              "cause" = CASE WHEN "source" = 'reversal' THEN 'dismissed' WHEN "source" = 'adjustment' THEN 'adjusted' ELSE 'scored' END,
              "source" = CASE WHEN "source" = 'reversal' THEN 'problem' ELSE "source" END
        `);
    await queryRunner.query(`
            UPDATE "ledger_entries" l SET "subjectId" = e."subjectId" FROM "events" e
            WHERE l."source" = 'event' AND e."eventId" = l."sourceRef"
        `);
    await queryRunner.query(`
            UPDATE "problems" SET "subjectId" = "subjectKind" || ':' || "subjectRef", "occurredAt" = "detectedAt",
              "origin" = CASE WHEN "obligationId" IS NOT NULL THEN 'obligation' ELSE 'event' END,
              "dimension" = CASE WHEN "obligationId" IS NOT NULL THEN 'efficiency' ELSE 'quality' END,
              "resolution" = CASE WHEN "status" = 'dismissed' THEN 'dismissed' WHEN "status" = 'closed' THEN 'verified' ELSE NULL END
        `);
    await queryRunner.query(`
            UPDATE "ledger_entries" l SET "subjectId" = p."subjectId", "baseKey" = 'problem:' || p."id" FROM "problems" p
            WHERE l."source" = 'problem' AND p."id" = l."sourceRef"
        `);
    await queryRunner.query(`
            CREATE INDEX "events_occurred" ON "events" ("occurredAt")
        `);
    await queryRunner.query(`
            CREATE INDEX "events_subject" ON "events" ("subjectId", "occurredAt")
        `);
    await queryRunner.query(`
            CREATE INDEX "ledger_base" ON "ledger_entries" ("baseKey", "badgeNo")
        `);
    await queryRunner.query(`
            CREATE INDEX "ledger_subject" ON "ledger_entries" ("subjectId")
        `);
    await queryRunner.query(`
            CREATE INDEX "obligations_subject" ON "obligations" ("subjectId")
        `);
    await queryRunner.query(`
            CREATE INDEX "problems_rectify" ON "problems" ("rectifyOverdue", "rectifyDueAt")
        `);
    await queryRunner.query(`
            CREATE INDEX "problems_subject" ON "problems" ("subjectId")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."problems_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."problems_rectify"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."obligations_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ledger_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ledger_base"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."events_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."events_occurred"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries" ALTER COLUMN "sourceKey" TYPE character varying(200)
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "catalogueVersion"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "dimension"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "occurredAt"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "detailEn"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "detailZh"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "subjectId"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "waivedBadges"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "resolution"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "parentId"
        `);
    await queryRunner.query(`
            ALTER TABLE "problems" DROP COLUMN "origin"
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations" DROP COLUMN "fulfilledByEventId"
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations" DROP COLUMN "subjectId"
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations" DROP COLUMN "catalogueVersion"
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_catalogue_versions" DROP COLUMN "effectiveFrom"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries" DROP COLUMN "reversesId"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries" DROP COLUMN "cause"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries" DROP COLUMN "subjectId"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries" DROP COLUMN "forMonth"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_entries" DROP COLUMN "baseKey"
        `);
    await queryRunner.query(`
            ALTER TABLE "events" DROP COLUMN "backfill"
        `);
    await queryRunner.query(`
            ALTER TABLE "events" DROP COLUMN "subjectId"
        `);
    await queryRunner.query(`
            ALTER TABLE "obligations"
            ADD "problemId" character varying(36)
        `);
    await queryRunner.query(`
            ALTER TABLE "subjects"
            ADD "facts" text NOT NULL
        `);
    await queryRunner.query(`
            DROP TABLE "outbox_cursors"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."cap_claims_group"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."cap_claims_subject"
        `);
    await queryRunner.query(`
            DROP TABLE "cap_claims"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."officer_units_badge"
        `);
    await queryRunner.query(`
            DROP TABLE "officer_units"
        `);
    await queryRunner.query(`
            CREATE INDEX "problems_subject" ON "problems" ("subjectKind", "subjectRef")
        `);
    await queryRunner.query(`
            CREATE INDEX "obligations_subject" ON "obligations" ("subjectKind", "subjectRef")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_26bdef29dd926dc5a2073eaa17" ON "events" ("subjectKind", "subjectRef")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_67c323b17676f03ca11b07e758" ON "events" ("occurredAt")
        `);
  }
}
