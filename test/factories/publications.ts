import {
  PUBLICATION_DEFAULTS,
  type AnnualAssessment,
  type DailyNotice,
  type MonthlyAiring,
  type PublicationRow,
  type PublicationUnitRow,
  type QuarterlyNotice,
} from '@jifen/shared';
import {
  changeAgainst,
  commended,
  markAnnual,
  sumDaily,
} from '../../server/src/modules/publication/domain/standings';

/**
 * Publications with known figures, for the renderers' tests: officers with Chinese names in
 * three units, totals with one decimal, one officer new this period, a CSV-hostile name.
 */
const UNITS = [
  { code: 'S1', name: '城关派出所' },
  { code: 'S2', name: '东城派出所' },
  { code: 'S3', name: '刑侦大队' },
];
const NAMES = [
  '张伟',
  '李娜',
  '王强',
  '刘洋',
  '陈静',
  '杨磊',
  '赵敏',
  '黄勇',
  '周杰',
  '吴芳',
  '徐明',
  '孙丽',
  '胡军',
  '朱红',
  '高峰',
  '林涛',
  '何平',
  '郭亮',
  '马超',
  '罗斌',
  '=HYPERLINK("x")',
  '欧阳娜娜',
];

/** Officer i has total 150 − 6.5·i; every breakdown adds up. Officer 3 is new (no previous). */
export function officerRows(count: number): PublicationRow[] {
  return Array.from({ length: count }, (_, i) => {
    const unit = UNITS[i % UNITS.length];
    const total = Math.round((150 - 6.5 * i) * 10) / 10;
    const deduction = 0 - Math.round(i * 0.5 * 10) / 10;
    const bonus = 12.5;
    const base = Math.round((total - bonus - deduction) * 10) / 10;
    const quality = Math.round((bonus + deduction) * 10) / 10;
    const previous = i === 3 ? undefined : { rank: count - i, total: total - 4 };
    return {
      rank: i + 1,
      badgeNo: String(100001 + i),
      name: NAMES[i % NAMES.length],
      unitCode: unit.code,
      unitName: unit.name,
      total,
      base,
      bonus,
      deduction,
      quantity: base,
      quality,
      efficiency: 0,
      change: changeAgainst({ rank: i + 1, total }, previous),
    };
  });
}

export function unitRows(rows: PublicationRow[]): PublicationUnitRow[] {
  return UNITS.map((u) => {
    const mine = rows.filter((r) => r.unitCode === u.code);
    const sum = (k: 'total' | 'base' | 'bonus' | 'deduction' | 'quantity' | 'quality' | 'efficiency') =>
      Math.round(mine.reduce((s, r) => s + r[k], 0) * 10) / 10;
    return {
      rank: 0,
      unitCode: u.code,
      unitName: u.name,
      officerCount: mine.length,
      total: sum('total'),
      base: sum('base'),
      bonus: sum('bonus'),
      deduction: sum('deduction'),
      quantity: sum('quantity'),
      quality: sum('quality'),
      efficiency: sum('efficiency'),
      change: changeAgainst({ rank: 1, total: sum('total') }, undefined),
    };
  })
    .sort((a, b) => b.total - a.total)
    .map((u, i) => ({ ...u, rank: i + 1 }));
}

const base = {
  version: 1,
  ledgerMark: 48_213,
  catalogueVersion: 3,
  timeZone: 'Asia/Shanghai',
  scope: { unitCode: 'B1', unitName: '测试县公安局' },
  reissue: null,
};

export function monthlyAiring(count = 8): MonthlyAiring {
  const rows = officerRows(count);
  return {
    ...base,
    kind: 'monthly',
    period: '2026-10',
    publishedAt: '2026-10-31T16:10:00.000Z',
    rows,
    units: unitRows(rows),
  };
}

export function quarterlyNotice(count = 14): QuarterlyNotice {
  const rows = officerRows(count);
  const units = unitRows(rows);
  return {
    ...base,
    kind: 'quarterly',
    period: '2026-Q3',
    publishedAt: '2026-09-30T16:20:00.000Z',
    rows,
    units,
    commended: commended(rows, units, PUBLICATION_DEFAULTS),
  };
}

export function annualAssessment(count = 22): AnnualAssessment {
  const rows = officerRows(count);
  return {
    ...base,
    kind: 'annual',
    period: '2026',
    publishedAt: '2026-12-31T16:30:00.000Z',
    rows: markAnnual(rows, PUBLICATION_DEFAULTS),
    inactive: [
      { badgeNo: '300001', name: '钱进', unitCode: 'S3', unitName: '刑侦大队' },
      { badgeNo: '300002', name: '孔亮', unitCode: 'S1', unitName: '城关派出所' },
    ],
    units: unitRows(rows),
    shares: {
      ineligible: PUBLICATION_DEFAULTS.ineligibleShare,
      recommended: PUBLICATION_DEFAULTS.recommendedShare,
    },
  };
}

export function dailyNotice(): DailyNotice {
  const units = [
    { unitCode: 'S1', unitName: '城关派出所', detected: 8, acknowledged: 8, rectified: 7, clearedSameDay: 6 },
    { unitCode: 'S2', unitName: '东城派出所', detected: 3, acknowledged: 3, rectified: 3, clearedSameDay: 3 },
    { unitCode: 'S3', unitName: '刑侦大队', detected: 0, acknowledged: 0, rectified: 0, clearedSameDay: 0 },
  ].map((u) => ({ ...u, clearRate: u.detected ? u.clearedSameDay / u.detected : null }));
  return {
    ...base,
    kind: 'daily',
    period: '2026-10-31',
    publishedAt: '2026-11-01T00:00:00.000Z',
    units,
    totals: sumDaily(units),
  };
}
