import { monthsOf, periodDue, previousPeriod, publicationBounds, publicationJobId } from './periods';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);

describe('the period a scheduled run publishes', () => {
  it('is the month just ended at 00:10 on the 1st, Shanghai time', () => {
    expect(periodDue('monthly', at('2026-11-01T00:10:00+08:00'), TZ)).toBe('2026-10');
    // 00:10 Shanghai on 1 November is still 31 October in UTC
    expect(new Date(at('2026-11-01T00:10:00+08:00')).getUTCDate()).toBe(31);
    expect(periodDue('monthly', at('2027-01-01T00:10:00+08:00'), TZ)).toBe('2026-12');
  });

  it('is the quarter and the year just ended', () => {
    expect(periodDue('quarterly', at('2026-10-01T00:20:00+08:00'), TZ)).toBe('2026-Q3');
    expect(periodDue('quarterly', at('2027-01-01T00:20:00+08:00'), TZ)).toBe('2026-Q4');
    expect(periodDue('annual', at('2027-01-01T00:30:00+08:00'), TZ)).toBe('2026');
  });

  it('is yesterday for the daily notice at 08:00', () => {
    expect(periodDue('daily', at('2026-11-01T08:00:00+08:00'), TZ)).toBe('2026-10-31');
    expect(periodDue('daily', at('2027-01-01T08:00:00+08:00'), TZ)).toBe('2026-12-31');
  });

  it('is read from the scheduled instant: a run late by hours still publishes its own period', () => {
    expect(periodDue('monthly', at('2026-11-30T23:59:59+08:00'), TZ)).toBe('2026-10');
  });
});

describe('period bounds in the bureau zone', () => {
  it('puts 23:59:59 on 31 October in October and 00:00:00 on 1 November in November', () => {
    const oct = publicationBounds('monthly', '2026-10', TZ);
    expect(oct.from).toBe(at('2026-10-01T00:00:00+08:00'));
    expect(oct.to).toBe(at('2026-11-01T00:00:00+08:00'));
    const last = at('2026-10-31T23:59:59+08:00');
    expect(last >= oct.from && last < oct.to).toBe(true);
    expect(at('2026-11-01T00:00:00+08:00') < oct.to).toBe(false);
  });

  it('spans one bureau day for the daily notice', () => {
    expect(publicationBounds('daily', '2026-12-31', TZ)).toEqual({
      from: at('2026-12-31T00:00:00+08:00'),
      to: at('2027-01-01T00:00:00+08:00'),
    });
  });
});

describe('periods around a period', () => {
  it('steps back across year ends', () => {
    expect(previousPeriod('monthly', '2026-01')).toBe('2025-12');
    expect(previousPeriod('quarterly', '2026-Q1')).toBe('2025-Q4');
    expect(previousPeriod('annual', '2026')).toBe('2025');
    expect(previousPeriod('daily', '2026-01-01')).toBe('2025-12-31');
  });

  it('lists the months a ranked publication counts', () => {
    expect(monthsOf('quarterly', '2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(monthsOf('annual', '2026')).toHaveLength(12);
    expect(monthsOf('daily', '2026-11-02')).toEqual([]);
  });

  it('names each period’s one job', () => {
    expect(publicationJobId('monthly', '2026-10')).toBe('airing:2026-10');
    expect(publicationJobId('quarterly', '2026-Q4')).toBe('notice:2026-Q4');
    expect(publicationJobId('annual', '2026')).toBe('assessment:2026');
    expect(publicationJobId('daily', '2026-11-02')).toBe('daily:2026-11-02');
  });
});
