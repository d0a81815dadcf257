import { DateTime } from 'luxon';
import type { Duration, ObligationRule } from '../contracts/catalogue';

/**
 * Deadline arithmetic of RULES.md "How time is counted":
 *  - hour limits run from the event: 24 h after 10:15 is 10:15 the next day;
 *  - day and month limits do not count the starting day and end at 24:00 of the last day
 *    in the bureau's zone (CPL art. 105): 3 days from 23 Nov 10:15 end at 24:00 on 26 Nov;
 *  - a non-custody day/month limit whose last day is a holiday moves to the first working
 *    day after; custody limits and hour limits never move.
 */
export class HolidayCalendar {
  private readonly dates: Set<string>;

  constructor(dates: Iterable<string> = []) {
    this.dates = new Set(dates);
  }

  isHoliday(dateKey: string): boolean {
    return this.dates.has(dateKey);
  }

  get size(): number {
    return this.dates.size;
  }
}

export interface DeadlineOptions {
  timeZone: string;
  custody: boolean;
  holidays: HolidayCalendar;
}

const HOUR = 3_600_000;

/** The end of a limit that starts at `from` (the first duration of an obligation). */
function limitEnd(from: number, d: Duration, zone: string): DateTime {
  if (d.unit === 'hours') return DateTime.fromMillis(from + d.amount * HOUR, { zone });
  const startDay = DateTime.fromMillis(from, { zone }).startOf('day');
  // Luxon clamps month arithmetic to the month's last day: 31 Jan + 1 month = 28/29 Feb.
  const lastDay = d.unit === 'days' ? startDay.plus({ days: d.amount }) : startDay.plus({ months: d.amount });
  return lastDay.plus({ days: 1 });
}

/** An extension added to a due time already computed. */
function extend(due: DateTime, d: Duration): DateTime {
  if (d.unit === 'hours') return due.plus({ milliseconds: d.amount * HOUR });
  if (d.unit === 'days') return due.plus({ days: d.amount });
  // A day-based due is 00:00 of the day after the last day: extend the last day by months.
  const lastDay = due.minus({ days: 1 });
  return lastDay.plus({ months: d.amount }).plus({ days: 1 });
}

function rawDue(openedAt: number, durations: Duration[], zone: string): DateTime {
  if (!durations.length) throw new Error('an obligation needs a limit');
  let due = limitEnd(openedAt, durations[0], zone);
  for (const d of durations.slice(1)) due = extend(due, d);
  return due;
}

function movesPastHolidays(durations: Duration[], opts: DeadlineOptions): boolean {
  return !opts.custody && durations[0].unit !== 'hours';
}

/** The last day is the one that ends at the due time (24:00 = 00:00 of the next day). */
function shiftPastHolidays(due: DateTime, holidays: HolidayCalendar): DateTime {
  let days = 0;
  const lastDay = due.minus({ milliseconds: 1 }).startOf('day');
  while (holidays.isHoliday(lastDay.plus({ days }).toISODate()!) && days < 366) days++;
  return due.plus({ days });
}

/** Due time (epoch ms) of a limit and any extensions, counted from `openedAt`. */
export function dueAt(openedAt: number, durations: Duration[], opts: DeadlineOptions): number {
  const raw = rawDue(openedAt, durations, opts.timeZone);
  return (movesPastHolidays(durations, opts) ? shiftPastHolidays(raw, opts.holidays) : raw).toMillis();
}

/** The due time with approved extensions, never beyond the rule's maximum. */
export function cappedDueAt(
  openedAt: number,
  rule: Pick<ObligationRule, 'limit' | 'maxLimit' | 'custody'>,
  extensions: Duration[],
  opts: Omit<DeadlineOptions, 'custody'>,
): { dueAt: number; capped: boolean } {
  const o = { ...opts, custody: rule.custody };
  const wanted = rawDue(openedAt, [rule.limit, ...extensions], o.timeZone);
  const max = rawDue(openedAt, [rule.maxLimit], o.timeZone);
  const capped = wanted.toMillis() > max.toMillis();
  const raw = capped ? max : wanted;
  const due = movesPastHolidays([rule.limit], o) ? shiftPastHolidays(raw, o.holidays) : raw;
  return { dueAt: due.toMillis(), capped };
}

/** When the warning (临期预警) is due: a share of the allowed time after opening. */
export function warnAt(openedAt: number, due: number, fraction: number): number {
  return openedAt + Math.floor((due - openedAt) * fraction);
}

/** End of the bureau's day containing `at` (24:00): rectification due for warnings. */
export function endOfDay(at: number, timeZone: string): number {
  return DateTime.fromMillis(at, { zone: timeZone }).startOf('day').plus({ days: 1 }).toMillis();
}

/** The bureau's calendar date (YYYY-MM-DD) of an instant. */
export function dateKeyOf(at: number, timeZone: string): string {
  return DateTime.fromMillis(at, { zone: timeZone }).toISODate()!;
}
