import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationChannels1795443541194 implements MigrationInterface {
  name = 'NotificationChannels1795443541194';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notification_causes" (
                "id" character varying(120) NOT NULL,
                "trigger" character varying(40) NOT NULL,
                "unitCode" character varying(32),
                "occurredAt" bigint NOT NULL,
                "cause" text NOT NULL,
                "createdAt" bigint NOT NULL,
                CONSTRAINT "PK_d67f43d0baba84debcb0d26c009" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_inbox" (
                "id" SERIAL NOT NULL,
                "userId" character varying(36) NOT NULL,
                "causeId" character varying(120) NOT NULL,
                "trigger" character varying(40) NOT NULL,
                "titleZh" character varying(500) NOT NULL,
                "titleEn" character varying(500) NOT NULL,
                "bodyZh" text NOT NULL,
                "bodyEn" text NOT NULL,
                "link" character varying(300),
                "createdAt" bigint NOT NULL,
                "readAt" bigint,
                CONSTRAINT "inbox_cause_user" UNIQUE ("causeId", "userId"),
                CONSTRAINT "PK_c012d0f936cba300e084d3d8d5a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "inbox_user_id" ON "notification_inbox" ("userId", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_preferences" (
                "userId" character varying(36) NOT NULL,
                "email" character varying(200),
                "locale" character varying(8) NOT NULL DEFAULT 'zh-CN',
                "channels" text NOT NULL,
                "updatedAt" bigint NOT NULL,
                CONSTRAINT "PK_b70c44e8b00757584a393225593" PRIMARY KEY ("userId")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_endpoints" (
                "id" character varying(36) NOT NULL,
                "label" character varying(120) NOT NULL,
                "url" character varying(500) NOT NULL,
                "secret" character varying(100) NOT NULL,
                "triggers" text NOT NULL,
                "unitCode" character varying(32),
                "enabled" boolean NOT NULL DEFAULT true,
                "createdAt" bigint NOT NULL,
                "createdBy" character varying(64) NOT NULL,
                "deletedAt" bigint,
                CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_deliveries" (
                "seq" SERIAL NOT NULL,
                "id" character varying(200) NOT NULL,
                "causeId" character varying(120) NOT NULL,
                "trigger" character varying(40) NOT NULL,
                "channel" character varying(12) NOT NULL,
                "target" character varying(36) NOT NULL,
                "status" character varying(12) NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "lastError" text,
                "createdAt" bigint NOT NULL,
                "deliveredAt" bigint,
                CONSTRAINT "UQ_81daeff81f237bd384f7cfc4a4c" UNIQUE ("id"),
                CONSTRAINT "PK_9637fcec5e9848364dc092e997a" PRIMARY KEY ("seq")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "delivery_target" ON "notification_deliveries" ("target", "seq")
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_delivery_attempts" (
                "id" SERIAL NOT NULL,
                "deliveryId" character varying(200) NOT NULL,
                "attempt" integer NOT NULL,
                "at" bigint NOT NULL,
                "ok" boolean NOT NULL,
                "statusCode" integer,
                "error" text,
                "durationMs" integer NOT NULL,
                CONSTRAINT "PK_c5c87075fb55eb9848f89669d16" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "attempt_delivery" ON "notification_delivery_attempts" ("deliveryId")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."attempt_delivery"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_delivery_attempts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."delivery_target"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_deliveries"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_endpoints"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_preferences"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."inbox_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_inbox"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_causes"
        `);
  }
}
