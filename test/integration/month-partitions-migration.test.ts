import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../server/src/core/database/migrations/index';
import { MonthPartitions1796534408849 } from '../../server/src/core/database/migrations/1796534408849-MonthPartitions';
import { ensureMonthPartitions } from '../../server/src/core/database/partitions/month-partitions';
import { createDatabase, dropDatabase, uniqueName } from '../support/databases';

const ZONE = 'Asia/Shanghai';
const name = uniqueName('jifen_partmig');
let url: string;

beforeAll(async () => {
  url = await createDatabase(name);
});
afterAll(() => dropDatabase(name));

const connect = async (migrations: (new () => unknown)[]) =>
  new DataSource({ type: 'postgres', url, migrations: migrations as never, entities: [] }).initialize();

const where = (ds: DataSource, sql: string) => ds.query(sql) as Promise<{ p: string; k: string }[]>;

describe('the migration to monthly partitions, on a database with rows', () => {
  it('moves every row into its month, keeps ids and keys unique, lets the sequence go on, and reverts', async () => {
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(MonthPartitions1796534408849));
    const old = await connect(before);
    await old.runMigrations();
    const event = (id: string, at: string) =>
      old.query(
        `INSERT INTO events ("eventId", type, "occurredAt", "occurredAtText", "receivedAt", "unitCode",
           "subjectKind", "subjectRef", officers, data, "subjectId")
         VALUES ($1, 'case.filed', $2, $3, $2, 'S1', 'case', $1, '[]', '{}', $4)`,
        [id, Date.parse(at), at, `case:${id}`],
      );
    await event('E-DEC', '2025-12-31T23:30:00+08:00');
    await event('E-JAN', '2026-01-01T00:30:00+08:00'); // 2025-12-31T16:30Z: January in Beijing
    const ledger = (key: string, month: string) =>
      old.query(
        `INSERT INTO ledger_entries ("sourceKey", "badgeNo", "unitCode", month, "forMonth", "occurredAt", points,
           kind, dimension, "ruleId", "catalogueVersion", source, "sourceRef", reason, "createdAt")
         VALUES ($1, '100001', 'S1', $2, $2, 0, 10, 'reward', 'workload', 'R', 1, 'event', 'x', 'r', 0)`,
        [key, month],
      );
    await ledger('event:E-DEC:R:100001', '2025-12');
    await ledger('event:E-JAN:R:100001', '2026-01');
    await ledger('event:E-JAN:R:100001#1', '2026-01');
    const ids = (await old.query(`SELECT id, "sourceKey" AS k FROM ledger_entries ORDER BY id`)) as {
      id: number;
      k: string;
    }[];
    await old.destroy();

    const ds = await connect(MIGRATIONS);
    await ds.runMigrations();
    const report = await ensureMonthPartitions(ds, [], ZONE);
    expect(report).toEqual({
      created: ['events_2025_12', 'events_2026_01', 'ledger_entries_2025_12', 'ledger_entries_2026_01'],
      moved: 5,
      blocked: [],
    });
    expect(
      await where(ds, `SELECT tableoid::regclass::text AS p, "eventId" AS k FROM events ORDER BY 2`),
    ).toEqual([
      { p: 'events_2025_12', k: 'E-DEC' },
      { p: 'events_2026_01', k: 'E-JAN' },
    ]);
    expect(await ds.query(`SELECT id, "sourceKey" AS k FROM ledger_entries ORDER BY id`)).toEqual(ids);
    expect(
      await where(
        ds,
        `SELECT tableoid::regclass::text AS p, "sourceKey" AS k FROM ledger_entries ORDER BY 2`,
      ),
    ).toEqual([
      { p: 'ledger_entries_2025_12', k: 'event:E-DEC:R:100001' },
      { p: 'ledger_entries_2026_01', k: 'event:E-JAN:R:100001' },
      { p: 'ledger_entries_2026_01', k: 'event:E-JAN:R:100001#1' },
    ]);
    expect(await ds.query(`SELECT "eventId" FROM event_ids ORDER BY 1`)).toEqual([
      { eventId: 'E-DEC' },
      { eventId: 'E-JAN' },
    ]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM ledger_source_keys`)).toEqual([{ n: 3 }]);
    const [next] = (await ds.query(
      `INSERT INTO ledger_entries ("sourceKey", "badgeNo", "unitCode", month, "occurredAt", points, kind,
         dimension, "ruleId", "catalogueVersion", source, "sourceRef", reason, "createdAt")
       VALUES ('adjustment:1:100001', '100001', 'S1', '2026-01', 0, 5, 'reward', 'quality', 'ADJ', 1,
         'adjustment', '1', 'r', 0) RETURNING id`,
    )) as { id: number }[];
    expect(next.id).toBe(ids[ids.length - 1].id + 1);

    // Down again: plain tables with every row, the single-column keys back.
    while (
      (await ds.query(`SELECT 1 FROM migrations WHERE name = $1`, ['MonthPartitions1796534408849'])).length
    )
      await ds.undoLastMigration();
    expect(await ds.query(`SELECT count(*)::int AS n FROM ledger_entries`)).toEqual([{ n: 4 }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM events`)).toEqual([{ n: 2 }]);
    expect(
      await ds.query(`SELECT relkind FROM pg_class WHERE relname IN ('events', 'ledger_entries')`),
    ).toEqual([{ relkind: 'r' }, { relkind: 'r' }]);
    await expect(ds.query(`INSERT INTO ledger_entries SELECT * FROM ledger_entries LIMIT 1`)).rejects.toThrow(
      /duplicate key/,
    );
    await ds.destroy();
  });
});
