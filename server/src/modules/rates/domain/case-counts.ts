import { COUNT_KINDS, type CountComparison, type CountKind, type MonthCounts } from '@jifen/shared';
import { DateTime } from 'luxon';

/** What the counts read of a stored case event. */
export interface CountEvent {
  type: string;
  occurredAt: number;
  subjectRef: string;
  data: Record<string, unknown>;
}

/** Which count an event adds to: criminal cases filed (立案), administrative cases accepted (受理). */
export function countKindOf(e: Pick<CountEvent, 'type' | 'data'>): CountKind | null {
  if (e.type === 'case.filed') return 'criminalFiled';
  if (e.type === 'case.accepted' && e.data.caseKind === 'administrative') return 'administrativeAccepted';
  return null;
}

interface Window {
  start: number;
  end: number;
}

/** Months of the trend: thirteen, ending with the month of `day` (to date). */
export const TREND_MONTHS = 13;

/**
 * The windows the counts need for reference day `day` (YYYY-MM-DD): the month to date, the
 * same days of the previous month and of the same month last year (clipped to the shorter
 * month: 31 March compares with 1–28 February), and the thirteen months of the trend.
 */
export function countWindows(day: string, timeZone: string) {
  const ref = DateTime.fromISO(day, { zone: timeZone }).startOf('day');
  const monthStart = ref.startOf('month');
  const sameDays = (start: DateTime): Window => {
    const lastDay = Math.min(ref.day, start.daysInMonth!);
    return { start: start.toMillis(), end: start.plus({ days: lastDay }).toMillis() };
  };
  const current: Window = { start: monthStart.toMillis(), end: ref.plus({ days: 1 }).toMillis() };
  const months = Array.from({ length: TREND_MONTHS }, (_, i) => {
    const start = monthStart.minus({ months: TREND_MONTHS - 1 - i });
    const end = i === TREND_MONTHS - 1 ? current.end : start.plus({ months: 1 }).toMillis();
    return { month: start.toFormat('yyyy-MM'), start: start.toMillis(), end };
  });
  return {
    month: monthStart.toFormat('yyyy-MM'),
    current,
    previousMonth: sameDays(monthStart.minus({ months: 1 })),
    lastYear: sameDays(monthStart.minus({ years: 1 })),
    months,
    /** Everything any window needs: load events in [from, to). */
    from: Math.min(months[0].start, sameDays(monthStart.minus({ years: 1 })).start),
    to: current.end,
  };
}

/** Distinct cases per count in a window: a case reported twice counts once. */
function countIn(events: CountEvent[], w: Window): Record<CountKind, number> {
  const seen = Object.fromEntries(COUNT_KINDS.map((k) => [k, new Set<string>()])) as Record<
    CountKind,
    Set<string>
  >;
  for (const e of events) {
    if (e.occurredAt < w.start || e.occurredAt >= w.end) continue;
    const kind = countKindOf(e);
    if (kind) seen[kind].add(e.subjectRef);
  }
  return Object.fromEntries(COUNT_KINDS.map((k) => [k, seen[k].size])) as Record<CountKind, number>;
}

const change = (current: number, base: number): number | null =>
  base === 0 ? null : (current - base) / base;

export function caseCounts(
  events: CountEvent[],
  day: string,
  timeZone: string,
): {
  comparison: { month: string; day: string; counts: Record<CountKind, CountComparison> };
  months: MonthCounts[];
} {
  const w = countWindows(day, timeZone);
  const current = countIn(events, w.current);
  const previousMonth = countIn(events, w.previousMonth);
  const lastYear = countIn(events, w.lastYear);
  const counts = Object.fromEntries(
    COUNT_KINDS.map((k) => [
      k,
      {
        current: current[k],
        previousMonth: previousMonth[k],
        lastYear: lastYear[k],
        monthOnMonth: change(current[k], previousMonth[k]),
        yearOnYear: change(current[k], lastYear[k]),
      },
    ]),
  ) as Record<CountKind, CountComparison>;
  return {
    comparison: { month: w.month, day, counts },
    months: w.months.map((m) => ({ month: m.month, counts: countIn(events, m) })),
  };
}
