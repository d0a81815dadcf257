import { parseExpression } from 'cron-parser';

/**
 * The last instant at or before `now` that a cron pattern fires at in a time zone, or null
 * when it never fired before (a pattern that cannot go back, which standard patterns always
 * can). With it a job scheduled while nothing ran is caught up at the next start: if the
 * last scheduled instant has no record of being handled, run it once for that instant.
 *
 * Uses the cron parser BullMQ itself schedules with, so both agree on every instant,
 * including across daylight-saving changes in zones that have them.
 */
export function lastScheduledAt(pattern: string, timeZone: string, now: number): number | null {
  // cron-parser's prev() is strictly before its current date and works in whole seconds:
  // starting one millisecond later makes an instant exactly on the schedule count.
  const it = parseExpression(pattern, { currentDate: new Date(now + 1), tz: timeZone });
  try {
    return it.prev().getTime();
  } catch {
    return null;
  }
}

/** The next instant strictly after `now` the pattern fires at. */
export function nextScheduledAt(pattern: string, timeZone: string, now: number): number {
  return parseExpression(pattern, { currentDate: new Date(now), tz: timeZone })
    .next()
    .getTime();
}

/** Throws with the parser's reason when a pattern is not a valid cron expression. */
export function assertCronPattern(pattern: string, timeZone: string): void {
  parseExpression(pattern, { tz: timeZone });
}
