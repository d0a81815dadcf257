import { DateTime } from 'luxon';
import { bureauZone, localParts } from './time-zone';

/**
 * Periods are months, quarters and years in the bureau's time zone, assigned by when
 * something happened (DESIGN.md "Periods"). Keys: `2026-11`, `2026-Q4`, `2026`.
 */
export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  key: string;
  /** The month keys the period spans, in order. */
  months: string[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

export class PeriodError extends Error {}

export function parsePeriod(key: string): Period {
  let m = MONTH.exec(key);
  if (m) return { kind: 'month', key, months: [key] };
  m = QUARTER.exec(key);
  if (m) {
    const q = Number(m[2]);
    return { kind: 'quarter', key, months: [1, 2, 3].map((i) => monthKey(Number(m![1]), (q - 1) * 3 + i)) };
  }
  m = YEAR.exec(key);
  if (m) {
    return {
      kind: 'year',
      key,
      months: Array.from({ length: 12 }, (_, i) => monthKey(Number(m![1]), i + 1)),
    };
  }
  throw new PeriodError(`period "${key}" is not YYYY-MM, YYYY-Qn or YYYY`);
}

export function isPeriodKey(key: string): boolean {
  return MONTH.test(key) || QUARTER.test(key) || YEAR.test(key);
}

export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function quarterOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}-Q${Math.ceil(m / 3)}`;
}

export function yearOfMonth(month: string): string {
  return month.slice(0, 4);
}

/** The month, its quarter and its year: every period a ledger row counts towards. */
export function periodsContaining(month: string): [string, string, string] {
  return [month, quarterOfMonth(month), yearOfMonth(month)];
}

/** The month an instant falls in, in the given zone. Hot path of scoring: no formatter, a remembered offset. */
export function monthOf(instant: Date | number | string, timeZone: string): string {
  const at =
    typeof instant === 'number'
      ? instant
      : typeof instant === 'string'
        ? Date.parse(instant)
        : instant.getTime();
  const { year, month } = localParts(at, timeZone);
  return monthKey(year, month);
}

/** Half-open bounds [from, to) of a period in epoch milliseconds. */
export function periodBounds(key: string, timeZone: string): { from: number; to: number } {
  const p = parsePeriod(key);
  const [y, m] = p.months[0].split('-').map(Number);
  const start = DateTime.fromObject({ year: y, month: m, day: 1 }, { zone: bureauZone(timeZone) });
  const end = start.plus({ months: p.months.length });
  return { from: start.toMillis(), to: end.toMillis() };
}

/** The period just before: the previous month, quarter or year. */
export function previousPeriod(key: string): string {
  const p = parsePeriod(key);
  const [y, m] = p.months[0].split('-').map(Number);
  const prev = DateTime.fromObject({ year: y, month: m, day: 1 }, { zone: 'UTC' }).minus({
    months: p.months.length,
  });
  const month = monthKey(prev.year, prev.month);
  if (p.kind === 'month') return month;
  return p.kind === 'quarter' ? quarterOfMonth(month) : yearOfMonth(month);
}

/** The same period one year earlier (同比). */
export function samePeriodLastYear(key: string): string {
  return String(Number(key.slice(0, 4)) - 1) + key.slice(4);
}
