import { monthOf, quarterOfMonth, yearOfMonth } from '@jifen/shared';

export type PeriodKind = 'month' | 'quarter' | 'year';

export function kindOf(key: string): PeriodKind {
  return /-Q\d$/.test(key) ? 'quarter' : key.length === 4 ? 'year' : 'month';
}

/** The period of that kind that `now` falls in, in the bureau's time zone. */
export function currentPeriod(kind: PeriodKind, now: number, timeZone: string): string {
  const month = monthOf(now, timeZone);
  return kind === 'month' ? month : kind === 'quarter' ? quarterOfMonth(month) : yearOfMonth(month);
}

/** The current period of that kind and the ones before it, newest first. */
export function recentPeriods(kind: PeriodKind, now: number, timeZone: string, count: number): string[] {
  const [y, m] = monthOf(now, timeZone).split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    if (kind === 'year') return String(y - i);
    if (kind === 'quarter') {
      const q = Math.ceil(m / 3) - 1 - i;
      const year = y + Math.floor(q / 4);
      return `${year}-Q${(((q % 4) + 4) % 4) + 1}`;
    }
    const idx = y * 12 + (m - 1) - i;
    return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
  });
}
