export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * The demo runs simulated work fast: an hour of a case or of a supervisor's day passes in
 * thirty seconds, and no simulated wait lasts longer than five real minutes, so a visitor
 * sees whole stories within a few minutes.
 */
export const DEMO_TIME_COMPRESSION = 120;
export const DEMO_LONGEST_WAIT = 5 * MINUTE;

/** Real milliseconds for a span of simulated time. */
export function compressed(simulatedMs: number): number {
  return Math.min(simulatedMs / DEMO_TIME_COMPRESSION, DEMO_LONGEST_WAIT);
}
