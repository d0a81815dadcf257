import type { DataSource, EntityManager } from 'typeorm';
import {
  MONTH_PARTITIONED,
  defaultPartitionName,
  isMonth,
  partitionBound,
  partitionName,
  type MonthPartitionedTable,
} from './month-plan';

/** Arbitrary constant naming partition maintenance among Postgres advisory locks. */
const PARTITION_LOCK = 7_297_017;

export interface PartitionReport {
  /** Partitions made now, `events_2026_01`. */
  created: string[];
  /** Rows moved out of default partitions into their new month partitions. */
  moved: number;
  /** Months whose partition name is taken by a table that is not attached (an archived month). */
  blocked: string[];
}

/**
 * Makes sure every month in `months`, and every month that has rows waiting in a default
 * partition, has its partition. Idempotent and safe to run from every process at once: one
 * runs at a time under an advisory lock, the others then find nothing to do.
 *
 * A partition is made as a plain table and then attached, because `CREATE TABLE … PARTITION
 * OF` would lock the whole table against writers while ATTACH does not; rows already in the
 * default partition for that month move into the new table first, as Postgres refuses to
 * attach a range the default partition still holds rows of.
 */
export async function ensureMonthPartitions(
  dataSource: DataSource,
  months: string[],
  timeZone: string,
): Promise<PartitionReport> {
  return dataSource.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    const report: PartitionReport = { created: [], moved: 0, blocked: [] };
    for (const table of MONTH_PARTITIONED) {
      const have = await attachedPartitions(m, table);
      const wanted = [...new Set([...months, ...(await monthsInDefault(m, table, timeZone))])].sort();
      const columns = (await columnsOf(m, table)).map((c) => `"${c}"`).join(', ');
      for (const month of wanted) {
        const name = partitionName(table, month);
        if (have.has(name)) continue;
        const [{ taken }] = (await m.query('SELECT to_regclass($1) IS NOT NULL AS taken', [`"${name}"`])) as {
          taken: boolean;
        }[];
        if (taken) {
          report.blocked.push(name);
          continue;
        }
        const bound = partitionBound(table, month, timeZone);
        await m.query(`CREATE TABLE "${name}" (LIKE "${table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
        const [{ n }] = (await m.query(
          `WITH moved AS (DELETE FROM "${defaultPartitionName(table)}" WHERE ${bound.where} RETURNING ${columns}),
                copied AS (INSERT INTO "${name}" (${columns}) SELECT ${columns} FROM moved RETURNING 1)
           SELECT count(*)::int AS n FROM copied`,
        )) as { n: number }[];
        await m.query(`ALTER TABLE "${table}" ATTACH PARTITION "${name}" ${bound.forValues}`);
        report.created.push(name);
        report.moved += n;
      }
    }
    return report;
  });
}

/** Partition names currently attached to a table. */
export async function attachedPartitions(
  m: EntityManager,
  table: MonthPartitionedTable,
): Promise<Set<string>> {
  const rows = (await m.query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass`,
    [`"${table}"`],
  )) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/** Months (in the bureau's zone) of the rows sitting in a table's default partition. */
async function monthsInDefault(
  m: EntityManager,
  table: MonthPartitionedTable,
  timeZone: string,
): Promise<string[]> {
  const month =
    table === 'ledger_entries'
      ? '"month"'
      : `to_char(to_timestamp("occurredAt" / 1000.0) AT TIME ZONE $1, 'YYYY-MM')`;
  const rows = (await m.query(
    `SELECT DISTINCT ${month} AS month FROM "${defaultPartitionName(table)}"`,
    table === 'ledger_entries' ? [] : [timeZone],
  )) as { month: string }[];
  // A malformed month could never get a partition; it stays in the default partition.
  return rows.map((r) => r.month).filter(isMonth);
}

async function columnsOf(m: EntityManager, table: string): Promise<string[]> {
  const rows = (await m.query(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  )) as { name: string }[];
  return rows.map((r) => r.name);
}
