import type { PublicationSummary } from '@jifen/shared';
import { describe, expect, it } from 'vitest';
import { monthlyAiring } from '../../../test/factories/publications';
import { biggestChanges, groupByKind, histogram, lastEndedPeriod, moveOf } from './publications';

const entry = (kind: PublicationSummary['kind'], period: string): PublicationSummary => ({
  kind,
  period,
  version: 1,
  publishedAt: '2026-11-01T00:00:00.000Z',
  versions: [1],
});

describe('publication helpers', () => {
  it('groups the list by kind in reading order, newest period first', () => {
    const groups = groupByKind([
      entry('monthly', '2026-09'),
      entry('quarterly', '2026-Q2'),
      entry('monthly', '2026-10'),
      entry('monthly', '2025-12'),
      entry('quarterly', '2026-Q3'),
    ]);
    expect(groups.map((g) => g.kind)).toEqual(['monthly', 'quarterly', 'annual', 'daily']);
    expect(groups[0].items.map((p) => p.period)).toEqual(['2026-10', '2026-09', '2025-12']);
    expect(groups[1].items.map((p) => p.period)).toEqual(['2026-Q3', '2026-Q2']);
    expect(groups[2].items).toEqual([]);
  });

  it('counts totals into round bins that hold every officer once', () => {
    const totals = monthlyAiring(22).rows.map((r) => r.total); // 150 down to 13.5
    const bins = histogram(totals);
    expect(bins[0]).toMatchObject({ from: 0, to: 20 });
    expect(bins.at(-1)).toMatchObject({ from: 140, to: 160 });
    expect(bins.every((b) => b.to - b.from === 20)).toBe(true);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(22);
    // 150 and 143.5 are the two totals in [140, 160).
    expect(bins.at(-1)!.count).toBe(2);
    expect(histogram([])).toEqual([]);
    expect(histogram([5, 5, 5])).toEqual([{ from: 5, to: 6, count: 3 }]);
  });

  it('reads a rank change as a climb, a fall, a hold or a newcomer', () => {
    const c = (rankDelta: number | null) => ({
      previousRank: null,
      previousTotal: null,
      totalDelta: null,
      rankDelta,
    });
    expect(moveOf(c(3))).toEqual({ move: 'up', by: 3 });
    expect(moveOf(c(-2))).toEqual({ move: 'down', by: 2 });
    expect(moveOf(c(0))).toEqual({ move: 'same', by: 0 });
    expect(moveOf(c(null))).toEqual({ move: 'new', by: 0 });
  });

  it('picks the biggest moves in either direction, newcomers left out, climbs first', () => {
    const rows = [-8, 2, null, 5, -1].map((d, i) => ({
      id: i,
      change: { previousRank: null, previousTotal: null, rankDelta: null, totalDelta: d },
    }));
    expect(biggestChanges(rows, 3).map((r) => r.change.totalDelta)).toEqual([5, 2, -8]);
  });

  it('proposes the period that ended last in the bureau’s time zone', () => {
    // 1 January 2027 00:30 in Shanghai is still 31 December in UTC.
    const now = Date.parse('2026-12-31T16:30:00.000Z');
    expect(lastEndedPeriod('monthly', now, 'Asia/Shanghai')).toBe('2026-12');
    expect(lastEndedPeriod('quarterly', now, 'Asia/Shanghai')).toBe('2026-Q4');
    expect(lastEndedPeriod('annual', now, 'Asia/Shanghai')).toBe('2026');
    expect(lastEndedPeriod('daily', now, 'Asia/Shanghai')).toBe('2026-12-31');
    expect(lastEndedPeriod('monthly', now, 'UTC')).toBe('2026-11');
  });
});
