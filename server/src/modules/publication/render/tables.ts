import type {
  AnnualMark,
  DailyUnitRow,
  PublicationRow,
  PublicationSnapshot,
  PublicationUnitRow,
  ScoreBreakdown,
} from '@jifen/shared';
import { maskName } from './labels';

/**
 * A publication as tables: one definition of every column (header, kind, width) that the
 * CSV, XLSX and .docx renderers all write, so the three files never disagree.
 */
export type CellKind = 'text' | 'int' | 'points' | 'delta' | 'rate';
export type Cell = string | number | null;

export interface Column {
  header: string;
  kind: CellKind;
  /** Width in characters (XLSX column width; relative width in the .docx table). */
  width: number;
}

export interface Table {
  /** Sheet name (at most 31 characters, as Excel requires). */
  name: string;
  columns: Column[];
  rows: Cell[][];
}

export interface TableOptions {
  /** Names masked (privacy mode). */
  privacy: boolean;
}

export const ANNUAL_MARK_LABELS: Record<AnnualMark, string> = {
  recommended: '推荐评优评先',
  ineligible: '取消年度评优评先资格',
};
export const INACTIVE_LABEL = '全年无积分记录，不参加排名';

const col = (header: string, kind: CellKind, width: number): Column => ({ header, kind, width });

const BREAKDOWN_COLUMNS: Column[] = [
  col('总分', 'points', 9),
  col('基础分', 'points', 9),
  col('加分', 'points', 9),
  col('减分', 'points', 9),
  col('数量分', 'points', 9),
  col('质量分', 'points', 9),
  col('效率分', 'points', 9),
];
const CHANGE_COLUMNS: Column[] = [col('上期排名', 'int', 9), col('较上期', 'delta', 9)];

export const OFFICER_COLUMNS: Column[] = [
  col('排名', 'int', 6),
  col('警号', 'text', 10),
  col('姓名', 'text', 10),
  col('单位编码', 'text', 12),
  col('单位', 'text', 24),
  ...BREAKDOWN_COLUMNS,
  ...CHANGE_COLUMNS,
];

export const UNIT_COLUMNS: Column[] = [
  col('排名', 'int', 6),
  col('单位编码', 'text', 12),
  col('单位', 'text', 24),
  col('参评人数', 'int', 9),
  ...BREAKDOWN_COLUMNS,
  ...CHANGE_COLUMNS,
];

export const DAILY_COLUMNS: Column[] = [
  col('单位编码', 'text', 12),
  col('单位', 'text', 24),
  col('发现问题', 'int', 10),
  col('已签收', 'int', 10),
  col('已整改', 'int', 10),
  col('当日清零', 'int', 10),
  col('清零率', 'rate', 10),
];

const breakdown = (b: ScoreBreakdown): Cell[] => [
  b.total,
  b.base,
  b.bonus,
  b.deduction,
  b.quantity,
  b.quality,
  b.efficiency,
];

export function officerCells(r: PublicationRow, o: TableOptions): Cell[] {
  return [
    r.rank,
    r.badgeNo,
    o.privacy ? maskName(r.name) : r.name,
    r.unitCode,
    r.unitName,
    ...breakdown(r),
    r.change.previousRank,
    r.change.totalDelta,
  ];
}

export function unitCells(u: PublicationUnitRow): Cell[] {
  return [
    u.rank,
    u.unitCode,
    u.unitName,
    u.officerCount,
    ...breakdown(u),
    u.change.previousRank,
    u.change.totalDelta,
  ];
}

const dailyCells = (u: Omit<DailyUnitRow, 'unitCode'> & { unitCode: string | null }): Cell[] => [
  u.unitCode,
  u.unitName,
  u.detected,
  u.acknowledged,
  u.rectified,
  u.clearedSameDay,
  u.clearRate,
];

/** 补记: shown only when some line counts points that belong to an earlier, aired month. */
const LATE_COLUMN = col('其中补记', 'points', 9);

function officerTable(name: string, rows: PublicationRow[], o: TableOptions): Table {
  if (!rows.some((r) => r.lateCorrections !== undefined))
    return { name, columns: OFFICER_COLUMNS, rows: rows.map((r) => officerCells(r, o)) };
  return {
    name,
    columns: [...OFFICER_COLUMNS, LATE_COLUMN],
    rows: rows.map((r) => [...officerCells(r, o), r.lateCorrections ?? null]),
  };
}

const unitTable = (name: string, rows: PublicationUnitRow[]): Table => ({
  name,
  columns: UNIT_COLUMNS,
  rows: rows.map(unitCells),
});

/** The tables of a publication, the main one first (the CSV file is the main table). */
export function publicationTables(s: PublicationSnapshot, o: TableOptions): Table[] {
  switch (s.kind) {
    case 'monthly':
      return [officerTable('民警积分排名', s.rows, o), unitTable('单位积分排名', s.units)];
    case 'quarterly':
      return [
        officerTable('民警积分排名', s.rows, o),
        unitTable('单位积分排名', s.units),
        officerTable('通报表扬民警', s.commended.officers, o),
        unitTable('通报表扬单位', s.commended.units),
      ];
    case 'annual': {
      const blank = Array<Cell>(OFFICER_COLUMNS.length).fill(null);
      const inactive = s.inactive.map((i) => {
        const cells = [...blank];
        cells[1] = i.badgeNo;
        cells[2] = o.privacy ? maskName(i.name) : i.name;
        cells[3] = i.unitCode;
        cells[4] = i.unitName;
        return [...cells, INACTIVE_LABEL];
      });
      return [
        {
          name: '年度评定',
          columns: [...OFFICER_COLUMNS, col('评定结果', 'text', 22)],
          rows: [
            ...s.rows.map((r) => [...officerCells(r, o), r.mark ? ANNUAL_MARK_LABELS[r.mark] : null]),
            ...inactive,
          ],
        },
        unitTable('单位积分排名', s.units),
      ];
    }
    case 'daily':
      return [
        {
          name: '执法问题日通报',
          columns: DAILY_COLUMNS,
          rows: [...s.units.map(dailyCells), dailyCells({ ...s.totals, unitCode: null, unitName: '合计' })],
        },
      ];
  }
}
