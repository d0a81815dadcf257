import type { Tenths } from '@jifen/shared';

/**
 * Monthly caps (e.g. at most 60 points a month from handled incidents). Seeded with what
 * is already booked, then it grants points in the order the engine asks, never past the cap.
 * Totals therefore do not depend on the order: an officer gets min(cap, sum) either way.
 */
export class CapTracker {
  private readonly used = new Map<string, Tenths>();

  static key(badgeNo: string, ruleId: string, month: string): string {
    return `${badgeNo}|${ruleId}|${month}`;
  }

  constructor(booked: Iterable<[string, Tenths]> = []) {
    for (const [k, v] of booked) this.used.set(k, v);
  }

  take(badgeNo: string, ruleId: string, month: string, wanted: Tenths, cap: Tenths): Tenths {
    const key = CapTracker.key(badgeNo, ruleId, month);
    const used = this.used.get(key) ?? 0;
    const granted = Math.max(0, Math.min(wanted, cap - used));
    this.used.set(key, used + granted);
    return granted;
  }
}
