import { DateTime } from 'luxon';
import { bureauZone, localParts } from './time-zone';
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
  if (d.unit === 'hours') return DateTime.fromMillis(from + d.amount * HOUR, { zone: bureauZone(zone) });
  const startDay = DateTime.fromMillis(from, { zone: bureauZone(zone) }).startOf('day');
  // Luxon clamps month arithmetic to the month's last day: 31 Jan + 1 month = 28/29 Feb.
  const lastDay = d.unit === 'days' ? startDay.plus({ days: d.amount }) : startDay.plus({ months: d.amount });
  return lastDay.plus({ days: 1 });
}

/** An extension added to a due time already computed (used only when units differ). */
function extend(due: DateTime, d: Duration): DateTime {
  if (d.unit === 'hours') return due.plus({ milliseconds: d.amount * HOUR });
  if (d.unit === 'days') return due.plus({ days: d.amount });
  // A day-based due is 00:00 of the day after the last day: extend the last day by months.
  const lastDay = due.minus({ days: 1 });
  return lastDay.plus({ months: d.amount }).plus({ days: 1 });
}

/**
 * Durations in the same unit add up before they are counted from the start, so a limit of
 * 2 months extended by 1, 2 and 2 months is 7 months from the start (31 Dec → 31 Jul), not
 * 2 months then 1 then 2 then 2 (each clamped at a short month: 31 Dec → 29 Jul). Only
 * extensions in another unit than the limit are added to the due time one by one.
 */
function rawDue(openedAt: number, durations: Duration[], zone: string): DateTime {
  if (!durations.length) throw new Error('an obligation needs a limit');
  const [first, ...rest] = durations;
  const same = rest.filter((d) => d.unit === first.unit).reduce((sum, d) => sum + d.amount, first.amount);
  let due = limitEnd(openedAt, { amount: same, unit: first.unit }, zone);
  for (const d of rest.filter((x) => x.unit !== first.unit)) due = extend(due, d);
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

/**
 * The due time with approved extensions, never beyond the rule's maximum: the total
 * (limit and extensions) is capped before holidays move the last day, as the law moves a
 * limit's last day, not its length.
 */
export function cappedDueAt(
  openedAt: number,
  rule: Pick<ObligationRule, 'limit' | 'maxLimit' | 'custody'>,
  extensions: Duration[],
  opts: Omit<DeadlineOptions, 'custody'>,
): { dueAt: number; capped: boolean } {
  // Every judgement of a subject counts its obligations' limits again: remember them per calendar.
  let byCalendar = remembered.get(opts.holidays);
  if (!byCalendar) remembered.set(opts.holidays, (byCalendar = new Map()));
  const d = (x: Duration) => `${x.amount}${x.unit[0]}`;
  const key = `${opts.timeZone}|${openedAt}|${d(rule.limit)}|${d(rule.maxLimit)}|${rule.custody}|${extensions.map(d).join(',')}`;
  const known = byCalendar.get(key);
  if (known) return known;
  if (byCalendar.size > 200_000) byCalendar.clear();
  const computed = computeCappedDueAt(openedAt, rule, extensions, opts);
  byCalendar.set(key, computed);
  return computed;
}

const remembered = new WeakMap<HolidayCalendar, Map<string, { dueAt: number; capped: boolean }>>();

function computeCappedDueAt(
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

/**
 * A share of an obligation's time limit on the obligation's own clock: "concluded within half
 * its time limit" (BONUS_EARLY_CONCLUSION) is 15 days for 30, counted like the limit itself
 * (first day not counted, ending at 24:00, past holidays), extensions included. Durations in
 * another unit than the limit are shared out as instants.
 */
export function shareOfLimitDueAt(
  openedAt: number,
  rule: Pick<ObligationRule, 'limit' | 'maxLimit' | 'custody'>,
  extensions: Duration[],
  fraction: number,
  opts: Omit<DeadlineOptions, 'custody'>,
): number {
  const all = [rule.limit, ...extensions];
  const total = all.filter((d) => d.unit === rule.limit.unit).reduce((sum, d) => sum + d.amount, 0);
  const { dueAt: fullDue } = cappedDueAt(openedAt, rule, extensions, opts);
  if (all.some((d) => d.unit !== rule.limit.unit))
    return openedAt + Math.floor((fullDue - openedAt) * fraction);
  const share = Math.max(1, Math.floor(total * fraction));
  return dueAt(openedAt, [{ amount: share, unit: rule.limit.unit }], { ...opts, custody: rule.custody });
}

/** When the warning (临期预警) is due: a share of the allowed time after opening. */
export function warnAt(openedAt: number, due: number, fraction: number): number {
  return openedAt + Math.floor((due - openedAt) * fraction);
}

/** Start of the bureau's day containing `at` (00:00). */
export function startOfDay(at: number, timeZone: string): number {
  return DateTime.fromMillis(at, { zone: bureauZone(timeZone) })
    .startOf('day')
    .toMillis();
}

/** End of the bureau's day containing `at` (24:00): rectification due for warnings. */
export function endOfDay(at: number, timeZone: string): number {
  return DateTime.fromMillis(at, { zone: bureauZone(timeZone) })
    .startOf('day')
    .plus({ days: 1 })
    .toMillis();
}

/** The bureau's calendar date (YYYY-MM-DD) of an instant. */
export function dateKeyOf(at: number, timeZone: string): string {
  const { year, month, day } = localParts(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
