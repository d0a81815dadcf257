import { monthKey, monthOf, periodBounds } from '@jifen/shared';

/**
 * The tables Postgres keeps in monthly partitions, named `<table>_YYYY_MM`, each with a
 * `<table>_default` partition for rows of a month that has no partition yet.
 *
 * - `events` by RANGE on `occurredAt` (epoch ms) with bounds at midnight on the first of the
 *   month in the bureau's zone, so `events_2026_01` holds exactly what the bureau calls
 *   January and archives together with `ledger_entries_2026_01`.
 * - `ledger_entries` by LIST on `month` (the month a row counts in): an airing of a month
 *   reads one partition.
 */
export type MonthPartitionedTable = 'events' | 'ledger_entries';
export const MONTH_PARTITIONED: readonly MonthPartitionedTable[] = ['events', 'ledger_entries'];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** True for `YYYY-MM`; anything else never reaches SQL text. */
export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

export function partitionName(table: MonthPartitionedTable, month: string): string {
  if (!isMonth(month)) throw new Error(`not a month: ${month}`);
  return `${table}_${month.replace('-', '_')}`;
}

export const defaultPartitionName = (table: MonthPartitionedTable): string => `${table}_default`;

/** The partition's bound and the same bound as a filter over rows, both as SQL text. */
export function partitionBound(
  table: MonthPartitionedTable,
  month: string,
  timeZone: string,
): { forValues: string; where: string } {
  if (!isMonth(month)) throw new Error(`not a month: ${month}`);
  if (table === 'ledger_entries')
    return { forValues: `FOR VALUES IN ('${month}')`, where: `"month" = '${month}'` };
  const { from, to } = periodBounds(month, timeZone);
  return {
    forValues: `FOR VALUES FROM (${from}) TO (${to})`,
    where: `"occurredAt" >= ${from} AND "occurredAt" < ${to}`,
  };
}

/** The month `now` falls in and the `ahead` months after it: partitions made before they are needed. */
export function monthsFrom(now: number, timeZone: string, ahead: number): string[] {
  const [y, m] = monthOf(now, timeZone).split('-').map(Number);
  return Array.from({ length: ahead + 1 }, (_, i) => {
    const k = y * 12 + (m - 1) + i;
    return monthKey(Math.floor(k / 12), (k % 12) + 1);
  });
}
