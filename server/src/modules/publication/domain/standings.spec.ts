import fc from 'fast-check';
import { PUBLICATION_DEFAULTS, type PublicationRow } from '@jifen/shared';
import { annualCounts, changeAgainst, markAnnual, reissueChanges, sumDaily } from './standings';

/** Officer i ranks i + 1 with 150 − 6.5·i points. */
function officerRows(count: number): PublicationRow[] {
  return Array.from({ length: count }, (_, i) => {
    const total = 150 - 6.5 * i;
    return {
      rank: i + 1,
      badgeNo: String(100001 + i),
      name: `民警${i + 1}`,
      unitCode: 'S1',
      unitName: '城关派出所',
      total,
      base: total,
      bonus: 0,
      deduction: 0,
      quantity: total,
      quality: 0,
      efficiency: 0,
      change: changeAgainst({ rank: i + 1, total }, undefined),
    };
  });
}

describe('annual marks', () => {
  it('marks the bottom 5 % (at least one) ineligible and the top 10 % recommended by default', () => {
    expect(annualCounts(100, PUBLICATION_DEFAULTS)).toEqual({ ineligible: 5, recommended: 10 });
    expect(annualCounts(22, PUBLICATION_DEFAULTS)).toEqual({ ineligible: 1, recommended: 2 });
    expect(annualCounts(9, PUBLICATION_DEFAULTS)).toEqual({ ineligible: 1, recommended: 0 });
    expect(annualCounts(1, PUBLICATION_DEFAULTS)).toEqual({ ineligible: 1, recommended: 0 });
    expect(annualCounts(0, PUBLICATION_DEFAULTS)).toEqual({ ineligible: 0, recommended: 0 });
  });

  it('never marks one officer twice nor fewer than one ineligible, whatever the shares', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (n, ineligibleShare, recommendedShare) => {
          const c = annualCounts(n, { ineligibleShare, recommendedShare });
          return c.ineligible >= 1 && c.recommended >= 0 && c.ineligible + c.recommended <= n;
        },
      ),
    );
  });

  it('puts the marks on the right ranks', () => {
    const rows = markAnnual(officerRows(40).reverse(), PUBLICATION_DEFAULTS);
    expect(rows.map((r) => r.rank)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.mark === 'recommended').map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(rows.filter((r) => r.mark === 'ineligible').map((r) => r.rank)).toEqual([39, 40]);
  });
});

describe('change against the previous period', () => {
  it('is the difference in total and the places climbed', () => {
    expect(changeAgainst({ rank: 2, total: 80.5 }, { rank: 5, total: 70.2 })).toEqual({
      previousRank: 5,
      previousTotal: 70.2,
      totalDelta: 10.3,
      rankDelta: 3,
    });
  });

  it('is empty for an officer absent from the previous period', () => {
    expect(changeAgainst({ rank: 1, total: 3 }, undefined)).toEqual({
      previousRank: null,
      previousTotal: null,
      totalDelta: null,
      rankDelta: null,
    });
  });
});

describe('what a re-issue changed', () => {
  it('lists officers whose rank or total moved, and those who appeared or left', () => {
    const before = officerRows(4);
    const after = [
      { ...before[1], rank: 1, total: 151 },
      { ...before[0], rank: 2 },
      before[2],
      { ...officerRows(5)[4], rank: 4 },
    ];
    expect(reissueChanges(before, after)).toEqual([
      expect.objectContaining({
        badgeNo: '100002',
        before: { rank: 2, total: 143.5 },
        after: { rank: 1, total: 151 },
      }),
      expect.objectContaining({
        badgeNo: '100001',
        before: { rank: 1, total: 150 },
        after: { rank: 2, total: 150 },
      }),
      expect.objectContaining({ badgeNo: '100005', before: null, after: { rank: 4, total: 124 } }),
      expect.objectContaining({ badgeNo: '100004', before: { rank: 4, total: 130.5 }, after: null }),
    ]);
  });

  it('is empty when nothing changed', () => {
    const rows = officerRows(6);
    expect(
      reissueChanges(
        rows,
        rows.map((r) => ({ ...r })),
      ),
    ).toEqual([]);
  });
});

describe('the daily clear-to-zero rate', () => {
  it('sums the units and divides cleared by detected; a day without problems has no rate', () => {
    expect(
      sumDaily([
        { detected: 4, acknowledged: 4, rectified: 3, clearedSameDay: 3 },
        { detected: 0, acknowledged: 0, rectified: 0, clearedSameDay: 0 },
      ]),
    ).toEqual({ detected: 4, acknowledged: 4, rectified: 3, clearedSameDay: 3, clearRate: 0.75 });
    expect(sumDaily([]).clearRate).toBeNull();
  });
});
