import type { PublicationSnapshot } from '@jifen/shared';
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table as DocxTable,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatDelta, formatPoints, formatRate } from './labels';
import { noticeText, type NoticeOptions } from './notice-text';
import { INACTIVE_LABEL, publicationTables, type Cell, type CellKind, type Table } from './tables';

/** Fonts of Chinese official documents; Word substitutes its own where they are missing. */
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const TABLE_FONT = '宋体';
/** Half-points: 二号 title, 三号 body, 五号 tables. */
const SIZE = { title: 44, body: 32, caption: 32, table: 21 };
/** Twips in a character of 三号 text: the first-line indent of two characters. */
const INDENT_2_CHARS = 640;

export interface DocxOptions extends NoticeOptions {
  /**
   * Rankings longer than this are cut in the notice, whose caption then points to the
   * spreadsheet: a notice is read and edited by people (and a Word table of tens of
   * thousands of rows takes the library minutes and gigabytes), the XLSX holds everyone.
   */
  rankingLimit?: number;
}

export const NOTICE_RANKING_LIMIT = 500;

interface Section {
  caption: string;
  table: Table;
}

function cellText(v: Cell, kind: CellKind): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (kind === 'points') return formatPoints(v);
  if (kind === 'delta') return formatDelta(v);
  if (kind === 'rate') return formatRate(v);
  return String(v);
}

/** A ranking as the notice carries it: whole, or its head with a caption saying so. */
function ranking(caption: string, table: Table, limit: number): Section {
  if (table.rows.length <= limit) return { caption, table };
  return {
    caption: `${caption}（前${limit}名，共${table.rows.length}名，完整排名见同期发布的电子表格）`,
    table: { ...table, rows: table.rows.slice(0, limit) },
  };
}

/** Which tables the notice carries, in reading order, with their captions. */
function sections(s: PublicationSnapshot, privacy: boolean, limit: number): Section[] {
  const tables = publicationTables(s, { privacy });
  switch (s.kind) {
    case 'monthly':
      return [
        ranking('附表1：民警积分排名', tables[0], limit),
        ranking('附表2：单位积分排名', tables[1], limit),
      ];
    case 'quarterly':
      return [
        { caption: '附表1：通报表扬民警', table: tables[2] },
        { caption: '附表2：通报表扬单位', table: tables[3] },
        ranking('附表3：民警积分排名', tables[0], limit),
      ];
    case 'annual': {
      const [assessment] = tables;
      const markCol = assessment.columns.length - 1;
      const pick = (label: string) => ({
        ...assessment,
        rows: assessment.rows.filter((r) => r[markCol] === label),
      });
      return [
        { caption: '附表1：推荐评优评先民警', table: pick('推荐评优评先') },
        { caption: '附表2：取消年度评优评先资格民警', table: pick('取消年度评优评先资格') },
        { caption: '附表3：全年无积分记录民警', table: pick(INACTIVE_LABEL) },
        ranking('附表4：民警年度积分排名', assessment, limit),
      ].filter((x) => x.table.rows.length > 0);
    }
    case 'daily':
      return [{ caption: '附表：各单位执法问题情况', table: tables[0] }];
  }
}

const run = (text: string, font: string, size: number, bold = false) =>
  new TextRun({ text, bold, size, font: { eastAsia: font, ascii: font, hAnsi: font } });

function tableOf(t: Table): DocxTable {
  const cell = (text: string, header: boolean, numeric: boolean) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: header || !numeric ? AlignmentType.CENTER : AlignmentType.RIGHT,
          children: [run(text, TABLE_FONT, SIZE.table, header)],
        }),
      ],
    });
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  return new DocxTable({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: t.columns.map((c) => Math.round((c.width / total) * 14_000)),
    rows: [
      new TableRow({ tableHeader: true, children: t.columns.map((c) => cell(c.header, true, false)) }),
      ...t.rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.map((v, i) =>
              cell(cellText(v, t.columns[i].kind), false, t.columns[i].kind !== 'text'),
            ),
          }),
      ),
    ],
  });
}

/**
 * The formal notice (通报) bureaus circulate and edit: title, date, the body written from the
 * figures, the tables, and the issuer and date at the foot. A4 landscape so the ranking's
 * columns fit.
 */
export async function renderDocx(snapshot: PublicationSnapshot, options: DocxOptions): Promise<Buffer> {
  const text = noticeText(snapshot, options);
  const body = (t: string) =>
    new Paragraph({
      indent: { firstLine: INDENT_2_CHARS },
      spacing: { line: 560 },
      alignment: AlignmentType.JUSTIFIED,
      children: [run(t, BODY_FONT, SIZE.body)],
    });
  const right = (t: string) =>
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(t, BODY_FONT, SIZE.body)] });
  const children: (Paragraph | DocxTable)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [run(text.title, TITLE_FONT, SIZE.title)],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text.date, BODY_FONT, SIZE.body)] }),
    ...text.paragraphs.map(body),
    right(options.issuer),
    right(text.date),
  ];
  for (const s of sections(snapshot, options.privacy, options.rankingLimit ?? NOTICE_RANKING_LIMIT)) {
    children.push(
      new Paragraph({
        spacing: { before: 240, after: 120 },
        children: [run(s.caption, BODY_FONT, SIZE.caption, true)],
      }),
      tableOf(s.table),
    );
  }
  const doc = new Document({
    creator: options.issuer,
    title: text.title,
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE },
            margin: { top: 1440, bottom: 1440, left: 1200, right: 1200 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
