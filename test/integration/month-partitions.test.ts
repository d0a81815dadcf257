import { execFile } from 'node:child_process';
import { existsSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CreatedToken, IngestAnswer, OfficerScore } from '@jifen/shared';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import { EventEntity } from '../../server/src/modules/ingest/event.entity';
import { PartitionMaintainer } from '../../server/src/modules/maintenance/partition-maintainer';
import { LedgerEntryEntity } from '../../server/src/modules/scoring/scoring.entities';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { ROOT } from '../support/process';
import { startTestServer, type TestServer } from '../support/test-server';

const run = promisify(execFile);
const ARCHIVE = path.join(ROOT, 'scripts', 'archive-month.sh');

let s: TestServer;
let db: Client;
let ingest: string;

beforeAll(async () => {
  s = await startTestServer({ now: '2026-03-20T12:00:00+08:00' });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
  db = new Client({ connectionString: databaseUrl() });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await s.stop();
});

function databaseUrl(): string {
  const d = s.config.database;
  if (d.driver !== 'postgres') throw new Error('this test is about Postgres');
  return d.url;
}

const post = (events: unknown[]) => s.api<IngestAnswer>('POST', '/api/events', { events }, ingest);
const filed = (occurredAt: string, ref: string): RawEvent =>
  event('case.filed', {
    occurredAt,
    unitCode: 'S2',
    subject: { kind: 'case', ref },
    officers: [{ badgeNo: '200001', role: 'primary' }],
  });

/** Where each row physically is. */
async function placeOfEvents(): Promise<Record<string, string>> {
  const r = await db.query<{ p: string; id: string }>(
    `SELECT tableoid::regclass::text AS p, "eventId" AS id FROM events`,
  );
  return Object.fromEntries(r.rows.map((x) => [x.id, x.p]));
}
async function partitionsOfLedger(badgeNo: string): Promise<Record<string, string[]>> {
  const r = await db.query<{ p: string; month: string }>(
    `SELECT DISTINCT tableoid::regclass::text AS p, month FROM ledger_entries WHERE "badgeNo" = $1`,
    [badgeNo],
  );
  const out: Record<string, string[]> = {};
  for (const x of r.rows) (out[x.month] ??= []).push(x.p);
  return out;
}

const jan = filed('2026-01-12T09:00:00+08:00', 'P-JAN');
// 2026-01-31T18:00Z: still January in UTC, already February in the bureau's zone.
const feb = filed('2026-02-01T02:00:00+08:00', 'P-FEB');
const mar = filed('2026-03-05T09:00:00+08:00', 'P-MAR');

describe('events and ledger partitioned by month (Postgres)', () => {
  it('makes this month and the next two at start, each table with a default partition', async () => {
    const r = await db.query<{ parent: string; p: string }>(
      `SELECT i.inhparent::regclass::text AS parent, i.inhrelid::regclass::text AS p
       FROM pg_inherits i WHERE i.inhparent IN ('events'::regclass, 'ledger_entries'::regclass)
       ORDER BY 1, 2`,
    );
    expect(r.rows.map((x) => x.p)).toEqual([
      'events_2026_03',
      'events_2026_04',
      'events_2026_05',
      'events_default',
      'ledger_entries_2026_03',
      'ledger_entries_2026_04',
      'ledger_entries_2026_05',
      'ledger_entries_default',
    ]);
  });

  it('stores each month in its partition; months without one wait in the default and move when maintained', async () => {
    expect((await post([jan, feb, mar])).body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect(await placeOfEvents()).toEqual({
      [jan.eventId]: 'events_default',
      [feb.eventId]: 'events_default',
      [mar.eventId]: 'events_2026_03',
    });

    const report = await s.jifen.app.get(PartitionMaintainer).maintain();
    expect(report).toEqual({
      created: ['events_2026_01', 'events_2026_02', 'ledger_entries_2026_01', 'ledger_entries_2026_02'],
      moved: 4,
      blocked: [],
    });
    expect(await placeOfEvents()).toEqual({
      [jan.eventId]: 'events_2026_01',
      [feb.eventId]: 'events_2026_02',
      [mar.eventId]: 'events_2026_03',
    });
    expect(await partitionsOfLedger('200001')).toEqual({
      '2026-01': ['ledger_entries_2026_01'],
      '2026-02': ['ledger_entries_2026_02'],
      '2026-03': ['ledger_entries_2026_03'],
    });
    // Running again finds nothing to do.
    expect(await s.jifen.app.get(PartitionMaintainer).maintain()).toEqual({
      created: [],
      moved: 0,
      blocked: [],
    });
  });

  it('keeps an eventId unique across partitions: sent again, even with another date, it is a duplicate', async () => {
    expect((await post([jan])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const moved = { ...jan, occurredAt: '2026-03-18T10:00:00+08:00' };
    expect((await post([moved, feb])).body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    const r = await db.query(`SELECT count(*)::int AS n FROM events WHERE "eventId" = $1`, [jan.eventId]);
    expect(r.rows[0].n).toBe(1);
    const score = await s.api<OfficerScore>(
      'GET',
      '/api/officers/200001/score?period=2026-01',
      undefined,
      s.adminToken,
    );
    expect(score.body.ledger).toHaveLength(1);
  });

  it('records the id of an event stored without ingestion, so ingestion then sees it as a duplicate', async () => {
    const byHand = filed('2026-03-06T09:00:00+08:00', 'P-HAND');
    await db.query(
      `INSERT INTO events ("eventId", type, "occurredAt", "occurredAtText", "receivedAt", "unitCode",
         "subjectKind", "subjectRef", officers, data, "subjectId")
       VALUES ($1, $2, $3, $4, $3, 'S2', 'case', 'P-HAND', $5, '{}', 'case:P-HAND')`,
      [
        byHand.eventId,
        byHand.type,
        Date.parse(byHand.occurredAt),
        byHand.occurredAt,
        JSON.stringify(byHand.officers),
      ],
    );
    expect((await post([byHand])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
  });

  it('never books a sourceKey twice, whatever month the second row would count in', async () => {
    const [row] = (
      await db.query<{ sourceKey: string }>(
        `SELECT "sourceKey" FROM ledger_entries WHERE month = '2026-01' LIMIT 1`,
      )
    ).rows;
    const insert = db.query(
      `INSERT INTO ledger_entries ("sourceKey", "badgeNo", "unitCode", month, "occurredAt", points, kind,
         dimension, "ruleId", "catalogueVersion", source, "sourceRef", reason, "createdAt")
       SELECT "sourceKey", "badgeNo", "unitCode", '2026-03', "occurredAt", points, kind, dimension, "ruleId",
         "catalogueVersion", source, "sourceRef", reason, "createdAt" FROM ledger_entries WHERE "sourceKey" = $1`,
      [row.sourceKey],
    );
    await expect(insert).rejects.toThrow(/ledger_source_keys_pk/);
    const n = await db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE "sourceKey" = $1`, [
      row.sourceKey,
    ]);
    expect(n.rows[0].n).toBe(1);
  });

  it('reads one partition for one month of the ledger', async () => {
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT "badgeNo", "unitCode", kind, dimension, SUM(points) FROM ledger_entries
       WHERE month = '2026-02' GROUP BY "badgeNo", "unitCode", kind, dimension`,
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('ledger_entries_2026_02');
    expect(text.match(/ledger_entries_\w+/g)!.filter((p) => p !== 'ledger_entries_2026_02')).toEqual([]);
    const score = await s.api<OfficerScore>(
      'GET',
      '/api/officers/200001/score?period=2026-02',
      undefined,
      s.adminToken,
    );
    expect(score.body.breakdown.total).toBeGreaterThan(0);
  });

  it('reads a case from its first month on, and an older event sent later moves that month back', async () => {
    const sums = async () =>
      (
        await db.query<{ month: string; points: number; rows: number }>(
          `SELECT month, SUM(points)::int AS points, COUNT(*)::int AS rows FROM ledger_entries
           WHERE "subjectId" = 'case:P-LONG' GROUP BY month ORDER BY month`,
        )
      ).rows;
    const firstAt = async () =>
      Number((await db.query(`SELECT "firstAt" AS f FROM subjects WHERE id = 'case:P-LONG'`)).rows[0].f);
    const marFiled = filed('2026-03-10T09:00:00+08:00', 'P-LONG');
    expect((await post([marFiled])).body.accepted).toBe(1);
    expect(await firstAt()).toBe(Date.parse(marFiled.occurredAt));
    const afterFiled = await sums();
    expect(afterFiled.map((r) => r.month)).toEqual(['2026-03']);

    // February arrives after March: the case's first month moves back, nothing is booked again.
    const febAccepted = event('case.accepted', {
      occurredAt: '2026-02-20T09:00:00+08:00',
      unitCode: 'S2',
      subject: { kind: 'case', ref: 'P-LONG' },
      officers: [{ badgeNo: '200001', role: 'primary' }],
      data: { caseKind: 'criminal', category: '盗窃' },
    });
    expect((await post([febAccepted])).body.accepted).toBe(1);
    expect(await firstAt()).toBe(Date.parse(febAccepted.occurredAt));
    const afterAccepted = await sums();
    expect(afterAccepted.find((r) => r.month === '2026-03')).toEqual(afterFiled[0]);

    // Another event judges the case from February on: what was booked stays exactly as it was.
    const marConcluded = event('case.concluded', {
      occurredAt: '2026-03-12T09:00:00+08:00',
      unitCode: 'S2',
      subject: { kind: 'case', ref: 'P-LONG' },
      officers: [{ badgeNo: '200001', role: 'primary' }],
    });
    expect((await post([marConcluded])).body.accepted).toBe(1);
    const afterMar = await sums();
    expect(afterMar.filter((r) => r.month < '2026-03')).toEqual(
      afterAccepted.filter((r) => r.month < '2026-03'),
    );
    expect(await firstAt()).toBe(Date.parse(febAccepted.occurredAt));
  });

  it('keeps columns and indexes of the hand-made tables equal to their entities', async () => {
    const dataSource = s.jifen.app.get(DataSource);
    for (const entity of [EventEntity, LedgerEntryEntity]) {
      const meta = dataSource.getMetadata(entity);
      const cols = await db.query<{ name: string; nullable: string; type: string; len: number | null }>(
        `SELECT column_name AS name, is_nullable AS nullable, udt_name AS type, character_maximum_length AS len
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
        [meta.tableName],
      );
      // The types TypeORM would create for each column, as information_schema names them.
      const udt: Record<string, string> = {
        'character varying': 'varchar',
        bigint: 'int8',
        integer: 'int4',
        boolean: 'bool',
        text: 'text',
      };
      const expected = meta.columns.map((c) => {
        const type = dataSource.driver.normalizeType(c);
        return {
          name: c.databaseName,
          nullable: c.isNullable ? 'YES' : 'NO',
          type: udt[type] ?? type,
          len: type === 'character varying' ? Number(c.length) : null,
        };
      });
      const sort = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(cols.rows.sort(sort)).toEqual(expected.sort(sort));
      const indexes = await db.query<{ name: string }>(
        `SELECT indexname AS name FROM pg_indexes WHERE tablename = $1`,
        [meta.tableName],
      );
      expect(indexes.rows.map((r) => r.name)).toEqual(
        expect.arrayContaining(meta.indices.map((i) => i.name)),
      );
    }
  });

  it('archives an aired month with the script; the rest keeps working and its events stay duplicates', async () => {
    const dump = `/tmp/jifen-archive-${process.pid}.dump`;
    const env = { ...process.env, DATABASE_URL: databaseUrl() };
    const refused = await run(ARCHIVE, ['2026-01', dump], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('has not been aired') });

    await db.query(`INSERT INTO closed_months (month, "closedAt") VALUES ('2026-01', $1)`, [s.clock.now()]);
    // A January case that goes on in March would be judged again without its January events.
    expect((await post([filed('2026-03-15T09:00:00+08:00', 'P-JAN')])).body.accepted).toBe(1);
    const continuing = await run(ARCHIVE, ['2026-01', dump], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(continuing).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('1 case(s) of 2026-01 have events in other months'),
    });
    const { stdout } = await run(ARCHIVE, ['2026-01', dump, '--force'], { env });
    expect(stdout).toContain('detached events_2026_01 and ledger_entries_2026_01');
    expect(statSync(dump).size).toBeGreaterThan(0);
    const archived = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM archived_events_2026_01`);
    expect(archived.rows[0].n).toBe(1);
    expect(Object.keys(await partitionsOfLedger('200001')).sort()).toEqual(['2026-02', '2026-03']);
    expect(await placeOfEvents()).not.toHaveProperty(jan.eventId);

    // An archived event sent again is still a duplicate, never scored a second time.
    expect((await post([jan])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const march = () =>
      s.api<OfficerScore>('GET', '/api/officers/200001/score?period=2026-03', undefined, s.adminToken);
    const before = (await march()).body.ledger.length;
    const later = filed('2026-03-19T09:00:00+08:00', 'P-MAR-2');
    expect((await post([later])).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await march()).body.ledger.map((r) => r.event?.eventId)).toEqual([
      later.eventId,
      ...Array(before).fill(expect.any(String)),
    ]);
    // The nightly job does not bring the archived month back.
    expect(await s.jifen.app.get(JobRunner).runNow('partitionMaintain')).toEqual({
      created: [],
      moved: 0,
      blocked: [],
    });

    const again = await run(ARCHIVE, ['2026-01', dump], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('is not a partition') });
    // The dump holds both tables, ready for pg_restore.
    const listed = await run('pg_restore', ['--list', dump]);
    expect(listed.stdout).toMatch(/TABLE DATA public archived_events_2026_01/);
    expect(listed.stdout).toMatch(/TABLE DATA public archived_ledger_entries_2026_01/);
    unlinkSync(dump);

    // With --drop, the detached tables are gone once dumped.
    await db.query(`INSERT INTO closed_months (month, "closedAt") VALUES ('2026-02', $1)`, [s.clock.now()]);
    await run(ARCHIVE, ['2026-02', dump, '--drop', '--force'], { env });
    const left = await db.query(
      `SELECT to_regclass('archived_events_2026_02') AS e, to_regclass('archived_ledger_entries_2026_02') AS l`,
    );
    expect(left.rows[0]).toEqual({ e: null, l: null });
    expect((await run('pg_restore', ['--list', dump])).stdout).toContain('archived_events_2026_02');
    unlinkSync(dump);
    expect(existsSync(dump)).toBe(false);
  });
});

describe('the embedded database', () => {
  let lite: TestServer;
  beforeAll(async () => {
    lite = await startTestServer({ sqlite: true, now: '2026-03-20T12:00:00+08:00' });
  });
  afterAll(() => lite.stop());

  it('stays unpartitioned and still drops a repeated eventId', async () => {
    expect(await lite.jifen.app.get(PartitionMaintainer).maintain()).toEqual({ skipped: 'sqlite' });
    await lite.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, lite.adminToken);
    const token = (
      await lite.api<CreatedToken>(
        'POST',
        '/api/tokens',
        { kind: 'ingest', label: 'source' },
        lite.adminToken,
      )
    ).body.token;
    const e = filed('2026-03-10T09:00:00+08:00', 'L-1');
    const send = () => lite.api<IngestAnswer>('POST', '/api/events', { events: [e] }, token);
    expect((await send()).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await send()).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

    // An older event of the same case lowers its first instant here too.
    const older = filed('2026-02-10T09:00:00+08:00', 'L-1');
    expect(
      (await lite.api<IngestAnswer>('POST', '/api/events', { events: [older] }, token)).body.accepted,
    ).toBe(1);
    const later = filed('2026-03-11T09:00:00+08:00', 'L-1');
    expect(
      (await lite.api<IngestAnswer>('POST', '/api/events', { events: [later] }, token)).body.accepted,
    ).toBe(1);
    const [row] = (await lite.jifen.app
      .get(DataSource)
      .query(`SELECT "firstAt" AS f FROM subjects WHERE id = 'case:L-1'`)) as { f: number }[];
    expect(Number(row.f)).toBe(Date.parse(older.occurredAt));
  });
});
