import {
  monthKey,
  parsePeriod,
  periodBounds,
  publicationPeriodProblem,
  type PublicationKind,
} from '@jifen/shared';
import { DateTime } from 'luxon';

/**
 * Which period a publication covers, when it is due and what it is called: pure functions
 * of the kind, the instant and the bureau's time zone (RULES.md "Publication defaults").
 */

/** The prefix of each kind's deterministic job id: `airing:2026-10`. */
const JOB_PREFIX: Record<PublicationKind, string> = {
  monthly: 'airing',
  quarterly: 'notice',
  annual: 'assessment',
  daily: 'daily',
};

export const publicationJobId = (kind: PublicationKind, period: string) => `${JOB_PREFIX[kind]}:${period}`;

const local = (at: number, timeZone: string) => DateTime.fromMillis(at, { zone: timeZone });

/**
 * The period a run at `at` publishes: the month, quarter or year just ended, or yesterday.
 * Taken from the instant the run was scheduled for, never from when it happened to start.
 */
export function periodDue(kind: PublicationKind, at: number, timeZone: string): string {
  const t = local(at, timeZone);
  if (kind === 'daily') return t.minus({ days: 1 }).toISODate()!;
  const before = t.startOf('month').minus({ days: 1 });
  if (kind === 'monthly') return monthKey(before.year, before.month);
  if (kind === 'quarterly') return `${before.year}-Q${Math.ceil(before.month / 3)}`;
  return String(before.year);
}

/** Half-open instants [from, to) the period spans in the bureau's zone. */
export function publicationBounds(
  kind: PublicationKind,
  period: string,
  timeZone: string,
): { from: number; to: number } {
  if (kind !== 'daily') return periodBounds(period, timeZone);
  const d = DateTime.fromISO(period, { zone: timeZone }).startOf('day');
  return { from: d.toMillis(), to: d.plus({ days: 1 }).toMillis() };
}

/** The months whose ledger rows a ranked publication counts (none for the daily notice). */
export function monthsOf(kind: PublicationKind, period: string): string[] {
  return kind === 'daily' ? [] : parsePeriod(period).months;
}

/** The period before, for the change against it (环比). */
export function previousPeriod(kind: PublicationKind, period: string): string {
  if (kind === 'daily') return DateTime.fromISO(period).minus({ days: 1 }).toISODate()!;
  if (kind === 'annual') return String(Number(period) - 1);
  if (kind === 'quarterly') {
    const [y, q] = period.split('-Q').map(Number);
    return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  }
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? monthKey(y - 1, 12) : monthKey(y, m - 1);
}

/** The kinds that rank officers and so touch a month's ledger, with the period holding it. */
export function rankedPeriodsOf(month: string): { kind: PublicationKind; period: string }[] {
  const [y, m] = month.split('-').map(Number);
  return [
    { kind: 'monthly', period: month },
    { kind: 'quarterly', period: `${y}-Q${Math.ceil(m / 3)}` },
    { kind: 'annual', period: String(y) },
  ];
}

export { publicationPeriodProblem };
