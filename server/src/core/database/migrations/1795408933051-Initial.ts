import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795408933051 implements MigrationInterface {
  name = 'Initial1795408933051';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" SERIAL NOT NULL,
                "at" bigint NOT NULL,
                "actor" character varying(64) NOT NULL,
                "action" character varying(64) NOT NULL,
                "target" character varying(200) NOT NULL,
                "details" text NOT NULL,
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_951e6339a77994dfbad976b35c" ON "audit_log" ("action")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" character varying(36) NOT NULL,
                "username" character varying(64) NOT NULL,
                "passwordHash" character varying(100) NOT NULL,
                "role" character varying(16) NOT NULL,
                "unitCode" character varying(32),
                "badgeNo" character varying(32),
                "createdAt" bigint NOT NULL,
                CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "access_tokens" (
                "id" character varying(36) NOT NULL,
                "kind" character varying(16) NOT NULL,
                "secretHash" character varying(64) NOT NULL,
                "unitCode" character varying(32),
                "label" character varying(120) NOT NULL,
                "createdAt" bigint NOT NULL,
                "createdBy" character varying(64),
                "revokedAt" bigint,
                CONSTRAINT "UQ_33d5700844b3ddc627fea5a7dee" UNIQUE ("secretHash"),
                CONSTRAINT "PK_65140f59763ff994a0252488166" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "settings" (
                "key" character varying(64) NOT NULL,
                "value" text NOT NULL,
                CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "subjects" (
                "id" character varying(90) NOT NULL,
                "kind" character varying(16) NOT NULL,
                "ref" character varying(64) NOT NULL,
                "unitCode" character varying(32) NOT NULL,
                "facts" text NOT NULL,
                "updatedAt" bigint NOT NULL,
                CONSTRAINT "PK_1a023685ac2b051b4e557b0b280" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "events" (
                "eventId" character varying(128) NOT NULL,
                "type" character varying(40) NOT NULL,
                "occurredAt" bigint NOT NULL,
                "occurredAtText" character varying(40) NOT NULL,
                "receivedAt" bigint NOT NULL,
                "unitCode" character varying(32) NOT NULL,
                "subjectKind" character varying(16) NOT NULL,
                "subjectRef" character varying(64) NOT NULL,
                "officers" text NOT NULL,
                "data" text NOT NULL,
                CONSTRAINT "PK_7314b1631c199d4b49d1bcb98fd" PRIMARY KEY ("eventId")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_67c323b17676f03ca11b07e758" ON "events" ("occurredAt")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_26bdef29dd926dc5a2073eaa17" ON "events" ("subjectKind", "subjectRef")
        `);
    await queryRunner.query(`
            CREATE TABLE "units" (
                "code" character varying(32) NOT NULL,
                "name" character varying(100) NOT NULL,
                "kind" character varying(16) NOT NULL,
                "parentCode" character varying(32),
                "updatedAt" bigint NOT NULL,
                CONSTRAINT "PK_47635c1ab22d02fc3ebae3608b8" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "officers" (
                "badgeNo" character varying(32) NOT NULL,
                "name" character varying(64) NOT NULL,
                "unitCode" character varying(32) NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "updatedAt" bigint NOT NULL,
                CONSTRAINT "PK_78743af68498835a36ee02627f8" PRIMARY KEY ("badgeNo")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_432e8b5729dfb4352dafc0ea82" ON "officers" ("unitCode")
        `);
    await queryRunner.query(`
            CREATE TABLE "ledger_entries" (
                "id" SERIAL NOT NULL,
                "sourceKey" character varying(200) NOT NULL,
                "badgeNo" character varying(32) NOT NULL,
                "unitCode" character varying(32) NOT NULL,
                "month" character varying(7) NOT NULL,
                "occurredAt" bigint NOT NULL,
                "points" integer NOT NULL,
                "kind" character varying(12) NOT NULL,
                "dimension" character varying(12) NOT NULL,
                "ruleId" character varying(64) NOT NULL,
                "catalogueVersion" integer NOT NULL,
                "source" character varying(12) NOT NULL,
                "sourceRef" character varying(140) NOT NULL,
                "reason" text NOT NULL,
                "lateCorrection" boolean NOT NULL DEFAULT false,
                "createdAt" bigint NOT NULL,
                CONSTRAINT "UQ_85b43c5f45ab1bbcd95044fc3e7" UNIQUE ("sourceKey"),
                CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ledger_badge_month" ON "ledger_entries" ("badgeNo", "month")
        `);
    await queryRunner.query(`
            CREATE INDEX "ledger_month_badge" ON "ledger_entries" ("month", "badgeNo")
        `);
    await queryRunner.query(`
            CREATE TABLE "rule_catalogue_versions" (
                "version" integer NOT NULL,
                "catalogue" text NOT NULL,
                "createdAt" bigint NOT NULL,
                "createdBy" character varying(64),
                "note" character varying(500) NOT NULL DEFAULT '',
                CONSTRAINT "PK_fb35a9f39f9412a1590ff84d976" PRIMARY KEY ("version")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "closed_months" (
                "month" character varying(7) NOT NULL,
                "closedAt" bigint NOT NULL,
                CONSTRAINT "PK_ca3df74c5b716d939f3419bff86" PRIMARY KEY ("month")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "obligations" (
                "id" character varying(36) NOT NULL,
                "ruleId" character varying(64) NOT NULL,
                "subjectKind" character varying(16) NOT NULL,
                "subjectRef" character varying(64) NOT NULL,
                "personRef" character varying(64),
                "itemRef" character varying(64),
                "unitCode" character varying(32) NOT NULL,
                "badgeNos" text NOT NULL,
                "openedAt" bigint NOT NULL,
                "dueAt" bigint NOT NULL,
                "warnAt" bigint NOT NULL,
                "extensions" text NOT NULL,
                "openedByEventId" character varying(128) NOT NULL,
                "status" character varying(12) NOT NULL,
                "stage" character varying(12) NOT NULL DEFAULT 'none',
                "fulfilledAt" bigint,
                "problemId" character varying(36),
                CONSTRAINT "PK_6e661b1b461253d2bf5d57e518d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "obligations_warn" ON "obligations" ("status", "warnAt")
        `);
    await queryRunner.query(`
            CREATE INDEX "obligations_due" ON "obligations" ("status", "dueAt")
        `);
    await queryRunner.query(`
            CREATE INDEX "obligations_subject" ON "obligations" ("subjectKind", "subjectRef")
        `);
    await queryRunner.query(`
            CREATE TABLE "problems" (
                "id" character varying(36) NOT NULL,
                "ruleId" character varying(64) NOT NULL,
                "obligationId" character varying(36),
                "stage" character varying(12) NOT NULL,
                "severity" character varying(12) NOT NULL,
                "status" character varying(16) NOT NULL,
                "unitCode" character varying(32) NOT NULL,
                "unitPath" character varying(400) NOT NULL,
                "escalatedTo" character varying(32),
                "badgeNos" text NOT NULL,
                "subjectKind" character varying(16) NOT NULL,
                "subjectRef" character varying(64) NOT NULL,
                "titleZh" character varying(120) NOT NULL,
                "titleEn" character varying(120) NOT NULL,
                "eventId" character varying(128),
                "detectedAt" bigint NOT NULL,
                "dueAt" bigint,
                "ackBy" character varying(64),
                "ackAt" bigint,
                "assignee" character varying(32),
                "rectifyDueAt" bigint,
                "rectifyOverdue" boolean NOT NULL DEFAULT false,
                "rectifiedAt" bigint,
                "closedAt" bigint,
                "escalateAt" bigint,
                "points" integer NOT NULL,
                "version" integer NOT NULL,
                CONSTRAINT "PK_b3994afba6ab64a42cda1ccaeff" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "problems_subject" ON "problems" ("subjectKind", "subjectRef")
        `);
    await queryRunner.query(`
            CREATE INDEX "problems_escalate" ON "problems" ("status", "escalateAt")
        `);
    await queryRunner.query(`
            CREATE INDEX "problems_status" ON "problems" ("status", "detectedAt")
        `);
    await queryRunner.query(`
            CREATE TABLE "problem_history" (
                "id" SERIAL NOT NULL,
                "problemId" character varying(36) NOT NULL,
                "at" bigint NOT NULL,
                "action" character varying(24) NOT NULL,
                "by" character varying(64) NOT NULL,
                "fromStatus" character varying(16),
                "toStatus" character varying(16) NOT NULL,
                "note" text,
                CONSTRAINT "PK_b6c83b8eef92f6e5f361ab4f189" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "problem_history_problem" ON "problem_history" ("problemId")
        `);
    await queryRunner.query(`
            CREATE TABLE "appeals" (
                "id" character varying(36) NOT NULL,
                "problemId" character varying(36) NOT NULL,
                "badgeNo" character varying(32) NOT NULL,
                "reason" text NOT NULL,
                "status" character varying(12) NOT NULL,
                "createdAt" bigint NOT NULL,
                "decidedBy" character varying(64),
                "decidedAt" bigint,
                "note" text,
                CONSTRAINT "PK_ebd2050a02aa78081b5346152bc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "appeals_status" ON "appeals" ("status")
        `);
    await queryRunner.query(`
            CREATE TABLE "holidays" (
                "date" character varying(10) NOT NULL,
                CONSTRAINT "PK_40dfddee0c0d7125c767d8962b1" PRIMARY KEY ("date")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox" (
                "seq" SERIAL NOT NULL,
                "kind" character varying(32) NOT NULL,
                "unitPath" character varying(400) NOT NULL,
                "payload" text NOT NULL,
                "createdAt" bigint NOT NULL,
                CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "outbox"
        `);
    await queryRunner.query(`
            DROP TABLE "holidays"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."appeals_status"
        `);
    await queryRunner.query(`
            DROP TABLE "appeals"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."problem_history_problem"
        `);
    await queryRunner.query(`
            DROP TABLE "problem_history"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."problems_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."problems_escalate"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."problems_subject"
        `);
    await queryRunner.query(`
            DROP TABLE "problems"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."obligations_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."obligations_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."obligations_warn"
        `);
    await queryRunner.query(`
            DROP TABLE "obligations"
        `);
    await queryRunner.query(`
            DROP TABLE "closed_months"
        `);
    await queryRunner.query(`
            DROP TABLE "rule_catalogue_versions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ledger_month_badge"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ledger_badge_month"
        `);
    await queryRunner.query(`
            DROP TABLE "ledger_entries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_432e8b5729dfb4352dafc0ea82"
        `);
    await queryRunner.query(`
            DROP TABLE "officers"
        `);
    await queryRunner.query(`
            DROP TABLE "units"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_26bdef29dd926dc5a2073eaa17"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_67c323b17676f03ca11b07e758"
        `);
    await queryRunner.query(`
            DROP TABLE "events"
        `);
    await queryRunner.query(`
            DROP TABLE "subjects"
        `);
    await queryRunner.query(`
            DROP TABLE "settings"
        `);
    await queryRunner.query(`
            DROP TABLE "access_tokens"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_951e6339a77994dfbad976b35c"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
  }
}
