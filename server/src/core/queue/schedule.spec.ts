import { JOBS } from './jobs';
import { assertCronPattern, lastScheduledAt, nextScheduledAt } from './schedule';

const SH = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** RULES.md: the monthly airing runs at 00:10 on the 1st, bureau time. */
const AIRING = '10 0 1 * *';

describe('the last scheduled instant at or before now', () => {
  it('is the airing of 1 November 00:10 Shanghai time once that instant has come', () => {
    expect(iso(lastScheduledAt(AIRING, SH, at('2026-11-01T00:10:00+08:00')))).toBe(
      '2026-10-31T16:10:00.000Z',
    );
    expect(iso(lastScheduledAt(AIRING, SH, at('2026-11-20T09:00:00+08:00')))).toBe(
      '2026-10-31T16:10:00.000Z',
    );
  });

  it('is still October’s airing one millisecond before November’s', () => {
    expect(iso(lastScheduledAt(AIRING, SH, at('2026-11-01T00:09:59.999+08:00')))).toBe(
      '2026-09-30T16:10:00.000Z',
    );
  });

  it('follows the bureau’s zone, not UTC: 31 October 23:59:59 Shanghai is before November’s airing', () => {
    const now = at('2026-10-31T23:59:59+08:00');
    expect(iso(lastScheduledAt(AIRING, SH, now))).toBe('2026-09-30T16:10:00.000Z');
    expect(iso(nextScheduledAt(AIRING, SH, now))).toBe('2026-10-31T16:10:00.000Z');
    // the same wall-clock pattern in UTC fires eight hours later
    expect(iso(nextScheduledAt(AIRING, 'UTC', now))).toBe('2026-11-01T00:10:00.000Z');
  });

  it('crosses a year end: the annual assessment at 00:30 on 1 January', () => {
    expect(iso(lastScheduledAt('30 0 1 1 *', SH, at('2027-03-01T00:00:00+08:00')))).toBe(
      '2026-12-31T16:30:00.000Z',
    );
  });

  it('handles quarters: 00:20 on the 1st of January, April, July and October', () => {
    expect(iso(lastScheduledAt('20 0 1 1,4,7,10 *', SH, at('2026-12-15T12:00:00+08:00')))).toBe(
      '2026-09-30T16:20:00.000Z',
    );
  });

  it('keeps to local time across a daylight-saving change in zones that have one', () => {
    // Berlin leaves summer time on 25 October 2026: 08:00 local is 06:00Z before, 07:00Z after.
    expect(iso(lastScheduledAt('0 8 * * *', 'Europe/Berlin', at('2026-10-25T12:00:00Z')))).toBe(
      '2026-10-25T07:00:00.000Z',
    );
    expect(iso(lastScheduledAt('0 8 * * *', 'Europe/Berlin', at('2026-10-25T06:30:00Z')))).toBe(
      '2026-10-24T06:00:00.000Z',
    );
  });

  it('rejects a malformed pattern', () => {
    expect(() => assertCronPattern('61 * * * *', SH)).toThrow();
    expect(() => lastScheduledAt('not a cron', SH, Date.now())).toThrow();
  });

  it('accepts every cron pattern declared in jobs.ts', () => {
    for (const spec of Object.values(JOBS)) {
      if ('cron' in spec && spec.cron) expect(() => assertCronPattern(spec.cron!, SH)).not.toThrow();
    }
  });
});
