import { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_COLUMNS = `"eventId", "type", "occurredAt", "occurredAtText", "receivedAt", "unitCode",
  "subjectKind", "subjectRef", "officers", "data", "subjectId", "backfill"`;

const LEDGER_COLUMNS = `"id", "sourceKey", "badgeNo", "unitCode", "month", "occurredAt", "points", "kind",
  "dimension", "ruleId", "catalogueVersion", "source", "sourceRef", "reason", "lateCorrection",
  "createdAt", "baseKey", "forMonth", "subjectId", "cause", "reversesId"`;

/**
 * A statement trigger adding the keys of every INSERT into `table` to `keys`: one INSERT …
 * SELECT per batch, over the rows of every partition the batch went to.
 */
async function keyTrigger(
  q: QueryRunner,
  t: { name: string; table: string; keys: string; column: string; seen: 'skip' | 'fail' },
): Promise<void> {
  await q.query(`
    CREATE FUNCTION "${t.name}"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO "${t.keys}" ("${t.column}") SELECT "${t.column}" FROM inserted
      ${t.seen === 'skip' ? 'ON CONFLICT DO NOTHING' : ''};
      RETURN NULL;
    END
    $$
  `);
  await q.query(`
    CREATE TRIGGER "${t.name}" AFTER INSERT ON "${t.table}"
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "${t.name}"()
  `);
}

/**
 * Hand-written: `events` and `ledger_entries` become tables partitioned by month (see
 * docs/OPERATIONS.md "Monthly partitions"). Each old table is renamed, the partitioned one is
 * created with the same columns and index names, the rows are copied (ledger ids kept, the
 * id sequence moved over), and the old table dropped. Everything lands in the default
 * partitions; the server's partition maintenance, run at every start, moves each month into
 * a partition of its own, as it alone knows the bureau's time zone that month bounds need.
 *
 * A unique index on a partitioned table must contain the partition key, so the global
 * uniqueness of `eventId` and `sourceKey` moves to two narrow unpartitioned key tables:
 * `event_ids`, which ingestion claims ids in (INSERT … ON CONFLICT DO NOTHING) and a trigger
 * completes for events stored any other way, and
 * `ledger_source_keys`, filled by a statement trigger on every insert into the ledger, so a
 * source booked twice fails the transaction as the unique constraint did.
 */
export class MonthPartitions1796534408849 implements MigrationInterface {
  name = 'MonthPartitions1796534408849';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "events" RENAME TO "events_unpartitioned"`);
    await q.query(`ALTER INDEX "events_occurred" RENAME TO "events_unpartitioned_occurred"`);
    await q.query(`ALTER INDEX "events_subject" RENAME TO "events_unpartitioned_subject"`);
    await q.query(`
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
        "subjectId" character varying(90) NOT NULL,
        "backfill" boolean NOT NULL DEFAULT false,
        CONSTRAINT "events_pk" PRIMARY KEY ("eventId", "occurredAt")
      ) PARTITION BY RANGE ("occurredAt")
    `);
    await q.query(`CREATE TABLE "events_default" PARTITION OF "events" DEFAULT`);
    await q.query(`CREATE INDEX "events_occurred" ON "events" ("occurredAt")`);
    await q.query(`CREATE INDEX "events_subject" ON "events" ("subjectId", "occurredAt")`);
    await q.query(`
      CREATE TABLE "event_ids" (
        "eventId" character varying(128) NOT NULL,
        CONSTRAINT "event_ids_pk" PRIMARY KEY ("eventId")
      )
    `);
    await q.query(
      `INSERT INTO "events" (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM "events_unpartitioned"`,
    );
    await q.query(`INSERT INTO "event_ids" ("eventId") SELECT "eventId" FROM "events_unpartitioned"`);
    await q.query(`DROP TABLE "events_unpartitioned"`);
    // Ingestion claims ids before it stores events; this records the id of an event stored by
    // anything else (a server of the previous version during an upgrade, a hand-made fix), so
    // `event_ids` always names every stored event.
    await keyTrigger(q, {
      name: 'event_ids_record',
      table: 'events',
      keys: 'event_ids',
      column: 'eventId',
      seen: 'skip',
    });

    await q.query(`ALTER TABLE "ledger_entries" RENAME TO "ledger_entries_unpartitioned"`);
    for (const index of ['ledger_month_badge', 'ledger_badge_month', 'ledger_subject', 'ledger_base'])
      await q.query(`ALTER INDEX "${index}" RENAME TO "${index}_unpartitioned"`);
    await q.query(`
      CREATE TABLE "ledger_entries" (
        "id" integer NOT NULL DEFAULT nextval('ledger_entries_id_seq'),
        "sourceKey" character varying(220) NOT NULL,
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
        "baseKey" character varying(200) NOT NULL DEFAULT '',
        "forMonth" character varying(7) NOT NULL DEFAULT '',
        "subjectId" character varying(90),
        "cause" character varying(16) NOT NULL DEFAULT 'scored',
        "reversesId" integer,
        CONSTRAINT "ledger_entries_pk" PRIMARY KEY ("id", "month")
      ) PARTITION BY LIST ("month")
    `);
    // The sequence goes with the new table, so dropping the old one keeps it and ids go on.
    await q.query(`ALTER TABLE "ledger_entries_unpartitioned" ALTER COLUMN "id" DROP DEFAULT`);
    await q.query(`ALTER SEQUENCE "ledger_entries_id_seq" OWNED BY "ledger_entries"."id"`);
    await q.query(`CREATE TABLE "ledger_entries_default" PARTITION OF "ledger_entries" DEFAULT`);
    await q.query(`CREATE INDEX "ledger_month_badge" ON "ledger_entries" ("month", "badgeNo")`);
    await q.query(`CREATE INDEX "ledger_badge_month" ON "ledger_entries" ("badgeNo", "month")`);
    await q.query(`CREATE INDEX "ledger_subject" ON "ledger_entries" ("subjectId")`);
    await q.query(`CREATE INDEX "ledger_base" ON "ledger_entries" ("baseKey", "badgeNo")`);
    await q.query(`
      CREATE TABLE "ledger_source_keys" (
        "sourceKey" character varying(220) NOT NULL,
        CONSTRAINT "ledger_source_keys_pk" PRIMARY KEY ("sourceKey")
      )
    `);
    await q.query(
      `INSERT INTO "ledger_entries" (${LEDGER_COLUMNS}) SELECT ${LEDGER_COLUMNS} FROM "ledger_entries_unpartitioned"`,
    );
    await q.query(
      `INSERT INTO "ledger_source_keys" ("sourceKey") SELECT "sourceKey" FROM "ledger_entries_unpartitioned"`,
    );
    await q.query(`DROP TABLE "ledger_entries_unpartitioned"`);
    // Whatever books a row: a key seen before fails the transaction.
    await keyTrigger(q, {
      name: 'ledger_source_keys_claim',
      table: 'ledger_entries',
      keys: 'ledger_source_keys',
      column: 'sourceKey',
      seen: 'fail',
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "ledger_source_keys_claim" ON "ledger_entries"`);
    await q.query(`DROP FUNCTION "ledger_source_keys_claim"()`);
    await q.query(`ALTER TABLE "ledger_entries" RENAME TO "ledger_entries_partitioned"`);
    for (const index of ['ledger_month_badge', 'ledger_badge_month', 'ledger_subject', 'ledger_base'])
      await q.query(`DROP INDEX "${index}"`);
    await q.query(`
      CREATE TABLE "ledger_entries" (LIKE "ledger_entries_partitioned" INCLUDING DEFAULTS,
        CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_85b43c5f45ab1bbcd95044fc3e7" UNIQUE ("sourceKey"))
    `);
    await q.query(`ALTER SEQUENCE "ledger_entries_id_seq" OWNED BY "ledger_entries"."id"`);
    await q.query(
      `INSERT INTO "ledger_entries" (${LEDGER_COLUMNS}) SELECT ${LEDGER_COLUMNS} FROM "ledger_entries_partitioned"`,
    );
    await q.query(`DROP TABLE "ledger_entries_partitioned"`);
    await q.query(`DROP TABLE "ledger_source_keys"`);
    await q.query(`CREATE INDEX "ledger_month_badge" ON "ledger_entries" ("month", "badgeNo")`);
    await q.query(`CREATE INDEX "ledger_badge_month" ON "ledger_entries" ("badgeNo", "month")`);
    await q.query(`CREATE INDEX "ledger_subject" ON "ledger_entries" ("subjectId")`);
    await q.query(`CREATE INDEX "ledger_base" ON "ledger_entries" ("baseKey", "badgeNo")`);

    await q.query(`DROP TRIGGER "event_ids_record" ON "events"`);
    await q.query(`DROP FUNCTION "event_ids_record"()`);
    await q.query(`ALTER TABLE "events" RENAME TO "events_partitioned"`);
    await q.query(`DROP INDEX "events_occurred"`);
    await q.query(`DROP INDEX "events_subject"`);
    await q.query(`
      CREATE TABLE "events" (LIKE "events_partitioned" INCLUDING DEFAULTS,
        CONSTRAINT "PK_7314b1631c199d4b49d1bcb98fd" PRIMARY KEY ("eventId"))
    `);
    await q.query(
      `INSERT INTO "events" (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM "events_partitioned"`,
    );
    await q.query(`DROP TABLE "events_partitioned"`);
    await q.query(`DROP TABLE "event_ids"`);
    await q.query(`CREATE INDEX "events_occurred" ON "events" ("occurredAt")`);
    await q.query(`CREATE INDEX "events_subject" ON "events" ("subjectId", "occurredAt")`);
  }
}
