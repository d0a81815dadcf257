import { describe, expect, it } from 'vitest';
import { currentPeriod, kindOf, recentPeriods } from './periods';
import { formatDateTime, formatPeriod, formatPoints, wallClockToIso } from './use-format';

describe('formatting for the bureau', () => {
  it('shows instants on the bureau’s clock, not the browser’s', () => {
    const iso = '2026-11-30T16:30:00.000Z';
    expect(formatDateTime(iso, 'zh-CN', 'Asia/Shanghai')).toContain('2026/12/01 00:30');
    expect(formatDateTime(iso, 'en', 'UTC')).toContain('11/30/2026, 16:30');
    expect(formatDateTime(null, 'en', 'UTC')).toBe('—');
  });

  it('reads a datetime-local input as the bureau’s wall clock', () => {
    expect(wallClockToIso('2026-12-01T00:30', 'Asia/Shanghai')).toBe('2026-12-01T00:30:00.000+08:00');
    expect(wallClockToIso('', 'Asia/Shanghai')).toBeUndefined();
  });

  it('names periods in either language', () => {
    expect(formatPeriod('2026-11', 'zh-CN')).toBe('2026年11月');
    expect(formatPeriod('2026-11', 'en')).toBe('Nov 2026');
    expect(formatPeriod('2026-Q4', 'zh-CN')).toBe('2026年第4季度');
    expect(formatPeriod('2026-Q4', 'en')).toBe('Q4 2026');
    expect(formatPeriod('2026', 'zh-CN')).toBe('2026年');
    expect(formatPeriod('2026-10-31', 'zh-CN')).toBe('2026年10月31日');
    expect(formatPeriod('2026-10-31', 'en')).toBe('Oct 31, 2026');
  });

  it('formats points with one decimal and a sign for changes', () => {
    expect(formatPoints(-4.5, 'en')).toBe('-4.5');
    expect(formatPoints(10, 'en', true)).toBe('+10');
    expect(formatPoints(1234.5, 'zh-CN')).toBe('1,234.5');
  });

  it('lists the current and earlier periods across a year end, in the bureau’s zone', () => {
    const newYearInShanghai = Date.parse('2026-12-31T16:30:00Z');
    expect(currentPeriod('month', newYearInShanghai, 'Asia/Shanghai')).toBe('2027-01');
    expect(currentPeriod('month', newYearInShanghai, 'UTC')).toBe('2026-12');
    expect(recentPeriods('month', newYearInShanghai, 'Asia/Shanghai', 3)).toEqual([
      '2027-01',
      '2026-12',
      '2026-11',
    ]);
    expect(recentPeriods('quarter', newYearInShanghai, 'Asia/Shanghai', 3)).toEqual([
      '2027-Q1',
      '2026-Q4',
      '2026-Q3',
    ]);
    expect(recentPeriods('year', newYearInShanghai, 'Asia/Shanghai', 2)).toEqual(['2027', '2026']);
    expect(['2026-11', '2026-Q4', '2026'].map(kindOf)).toEqual(['month', 'quarter', 'year']);
  });
});
