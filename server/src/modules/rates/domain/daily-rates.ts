import {
  dueAt,
  type DayRates,
  type HolidayCalendar,
  type Rate,
  type RateKind,
  type SubjectKind,
} from '@jifen/shared';
import { DateTime } from 'luxon';

const HOUR = 3_600_000;

/**
 * The limits the rates judge by (docs/RATES.md). They are the defaults of the matching
 * obligations in RULES.md, fixed here rather than read from the catalogue so that a past
 * day's rates never change when an administrator edits the rules.
 */
export const RATE_LIMITS = {
  incidentHandledWithinHours: 24,
  avLinkedWithinHoursOfHandling: 24,
  complaintRespondedWithinHours: 24,
  complaintResolvedWithinDays: 7,
} as const;

/** What the rates read of a stored event. */
export interface RateEvent {
  type: string;
  occurredAt: number;
  subjectKind: SubjectKind;
  subjectRef: string;
  data: Record<string, unknown>;
}

/** What the rates read of a stored problem. */
export interface ProblemFact {
  detectedAt: number;
  /** When it was closed or dismissed; null while open. */
  closedAt: number | null;
  /** Withdrawn: done in time, reported late; it was never a problem and counts nowhere. */
  withdrawn: boolean;
}

export interface DayWindow {
  day: string;
  start: number;
  end: number;
}

export interface RateOptions {
  now: number;
  timeZone: string;
  holidays: HolidayCalendar;
}

/** The bureau days from `from` to `to` inclusive, as half-open instants. */
export function dayWindows(from: string, to: string, timeZone: string): DayWindow[] {
  const out: DayWindow[] = [];
  let d = DateTime.fromISO(from, { zone: timeZone }).startOf('day');
  const last = DateTime.fromISO(to, { zone: timeZone }).startOf('day');
  while (d <= last) {
    const next = d.plus({ days: 1 });
    out.push({ day: d.toISODate()!, start: d.toMillis(), end: next.toMillis() });
    d = next;
  }
  return out;
}

const rate = (counted: number, of: number, pending: number): Rate => ({
  counted,
  of,
  pending,
  rate: of === 0 ? null : counted / of,
});

/** Earliest instant of each event type per subject. */
class SubjectTimes {
  private readonly byType = new Map<string, Map<string, number>>();

  constructor(events: RateEvent[]) {
    for (const e of events) {
      let first = this.byType.get(e.type);
      if (!first) this.byType.set(e.type, (first = new Map()));
      const key = `${e.subjectKind}|${e.subjectRef}`;
      const seen = first.get(key);
      if (seen === undefined || e.occurredAt < seen) first.set(key, e.occurredAt);
    }
  }

  at(type: string, kind: SubjectKind, ref: string): number | undefined {
    return this.byType.get(type)?.get(`${kind}|${ref}`);
  }

  /** Subjects whose first `type` falls in the window, with that instant. */
  startedIn(type: string, kind: SubjectKind, w: DayWindow): { ref: string; at: number }[] {
    const out: { ref: string; at: number }[] = [];
    const prefix = `${kind}|`;
    for (const [key, at] of this.byType.get(type) ?? [])
      if (key.startsWith(prefix) && at >= w.start && at < w.end)
        out.push({ ref: key.slice(prefix.length), at });
    return out;
  }
}

/** A rate judged by a time limit: what starts the clock, what stops it, and when it runs out. */
interface TimedRate {
  kind: SubjectKind;
  starts: string;
  done: string;
  due: (startedAt: number, opts: RateOptions) => number;
}

const afterHours = (hours: number) => (at: number) => at + hours * HOUR;

const TIMED: Record<Exclude<RateKind, 'complaintSatisfaction' | 'clearToZero'>, TimedRate> = {
  incidentHandling: {
    kind: 'incident',
    starts: 'incident.received',
    done: 'incident.handled',
    due: afterHours(RATE_LIMITS.incidentHandledWithinHours),
  },
  // A link made before the handling is recorded counts too: what matters is that the
  // footage is attached by the limit.
  avLinkage: {
    kind: 'incident',
    starts: 'incident.handled',
    done: 'av.linked',
    due: afterHours(RATE_LIMITS.avLinkedWithinHoursOfHandling),
  },
  complaintResponse: {
    kind: 'complaint',
    starts: 'complaint.received',
    done: 'complaint.responded',
    due: afterHours(RATE_LIMITS.complaintRespondedWithinHours),
  },
  complaintResolution: {
    kind: 'complaint',
    starts: 'complaint.received',
    done: 'complaint.resolved',
    due: (at, opts) =>
      dueAt(at, [{ amount: RATE_LIMITS.complaintResolvedWithinDays, unit: 'days' }], {
        timeZone: opts.timeZone,
        custody: false,
        holidays: opts.holidays,
      }),
  },
};

/**
 * Judges each thing started in the window: done by its due time counts, a due time not
 * yet reached with nothing done is pending, anything else is counted against. Done exactly
 * at the due instant is in time (RULES.md "Event time and late reports").
 */
function judge(times: SubjectTimes, r: TimedRate, w: DayWindow, opts: RateOptions): Rate {
  const started = times.startedIn(r.starts, r.kind, w);
  let counted = 0;
  let pending = 0;
  for (const s of started) {
    const done = times.at(r.done, r.kind, s.ref);
    const due = r.due(s.at, opts);
    if (done !== undefined && done <= due) counted++;
    else if (opts.now < due) pending++;
  }
  return rate(counted, started.length - pending, pending);
}

/**
 * The daily rates of docs/RATES.md for each window. `events` must hold every event of the
 * subjects started in the windows (their follow-ups may fall on later days); `problems`
 * every problem detected in the windows.
 */
export function dailyRates(
  windows: DayWindow[],
  events: RateEvent[],
  problems: ProblemFact[],
  opts: RateOptions,
): DayRates[] {
  const times = new SubjectTimes(events);
  return windows.map((w) => ({
    day: w.day,
    rates: {
      incidentHandling: judge(times, TIMED.incidentHandling, w, opts),
      avLinkage: judge(times, TIMED.avLinkage, w, opts),
      complaintResponse: judge(times, TIMED.complaintResponse, w, opts),
      complaintResolution: judge(times, TIMED.complaintResolution, w, opts),
      complaintSatisfaction: satisfaction(events, w),
      clearToZero: clearToZero(problems, w),
    },
  }));
}

/** Of the complaints rated in the window, the share rated satisfied (the last rating of each counts). */
function satisfaction(events: RateEvent[], w: DayWindow): Rate {
  const last = new Map<string, RateEvent>();
  for (const e of events) {
    if (e.type !== 'complaint.rated' || e.occurredAt < w.start || e.occurredAt >= w.end) continue;
    const seen = last.get(e.subjectRef);
    if (!seen || e.occurredAt >= seen.occurredAt) last.set(e.subjectRef, e);
  }
  const rated = [...last.values()];
  return rate(rated.filter((e) => e.data.satisfied === true).length, rated.length, 0);
}

/** 日清零: of the problems raised in the window, the share closed or dismissed before it ended. */
function clearToZero(problems: ProblemFact[], w: DayWindow): Rate {
  const raised = problems.filter((p) => !p.withdrawn && p.detectedAt >= w.start && p.detectedAt < w.end);
  const cleared = raised.filter((p) => p.closedAt !== null && p.closedAt < w.end);
  return rate(cleared.length, raised.length, 0);
}
