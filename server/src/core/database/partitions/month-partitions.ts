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
 * partition, has its partition. Idempotent and safe to run from every process at once: each
 * partition is made in a transaction of its own under an advisory lock, and whoever comes
 * second finds it made.
 *
 * A partition is made as a plain table and then attached: `CREATE TABLE … PARTITION OF` would
 * lock the whole table against writers, ATTACH lets writes and pruned reads of other months go
 * on. Rows already in the default partition for that month move into the new table first, as
 * Postgres refuses to attach a range the default partition still holds rows of; the default
 * partition is locked against writes before, so that no row of the month lands there between
 * the move and the attach. Each transaction is short, so the locks are.
 */
export async function ensureMonthPartitions(
  dataSource: DataSource,
  months: string[],
  timeZone: string,
): Promise<PartitionReport> {
  const report: PartitionReport = { created: [], moved: 0, blocked: [] };
  for (const table of MONTH_PARTITIONED) {
    const m = dataSource.manager;
    const wanted = [...new Set([...months, ...(await monthsInDefault(m, table, timeZone))])].sort();
    const have = await attachedPartitions(m, table);
    for (const month of wanted.filter((w) => !have.has(partitionName(table, w)))) {
      const outcome = await dataSource.transaction((t) => makePartition(t, table, month, timeZone));
      if (outcome === 'blocked') report.blocked.push(partitionName(table, month));
      else if (outcome !== 'exists') {
        report.created.push(partitionName(table, month));
        report.moved += outcome.moved;
      }
    }
  }
  return report;
}

async function makePartition(
  m: EntityManager,
  table: MonthPartitionedTable,
  month: string,
  timeZone: string,
): Promise<{ moved: number } | 'exists' | 'blocked'> {
  await m.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
  const name = partitionName(table, month);
  if ((await attachedPartitions(m, table)).has(name)) return 'exists';
  const [{ taken }] = (await m.query('SELECT to_regclass($1) IS NOT NULL AS taken', [`"${name}"`])) as {
    taken: boolean;
  }[];
  // An archived month keeps its table under another name; anything else there is not ours.
  if (taken) return 'blocked';
  const bound = partitionBound(table, month, timeZone);
  const fallback = defaultPartitionName(table);
  const columns = (await columnsOf(m, table)).map((c) => `"${c}"`).join(', ');
  await m.query(`LOCK TABLE "${fallback}" IN SHARE ROW EXCLUSIVE MODE`);
  await m.query(`CREATE TABLE "${name}" (LIKE "${table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  const [{ n }] = (await m.query(
    `WITH moved AS (DELETE FROM "${fallback}" WHERE ${bound.where} RETURNING ${columns}),
          copied AS (INSERT INTO "${name}" (${columns}) SELECT ${columns} FROM moved RETURNING 1)
     SELECT count(*)::int AS n FROM copied`,
  )) as { n: number }[];
  await m.query(`ALTER TABLE "${table}" ATTACH PARTITION "${name}" ${bound.forValues}`);
  return { moved: n };
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
