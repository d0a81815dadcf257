import type { PublicationSnapshot } from '@jifen/shared';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { KIND_NAMES, periodLabel } from './labels';
import { publicationTables, type CellKind, type TableOptions } from './tables';

/** Excel number formats: one decimal for points, a sign for changes, a percentage for rates. */
export const NUMBER_FORMATS: Record<Exclude<CellKind, 'text'>, string> = {
  int: '0',
  points: '0.0',
  delta: '+0.0;-0.0;0.0',
  rate: '0.0%',
};

export interface XlsxOptions extends TableOptions {
  /** Who publishes (the bureau's name): the workbook's author and title. */
  issuer: string;
}

/**
 * The publication as a workbook, one sheet per table: Chinese headers in a frozen, bold
 * first row with a filter, numbers stored as numbers with their display formats, columns
 * wide enough for Chinese unit names. Written with exceljs' streaming writer, row by row,
 * so a ranking of tens of thousands of officers stays quick and small in memory.
 */
export async function renderXlsx(snapshot: PublicationSnapshot, options: XlsxOptions): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  wb.creator = options.issuer;
  wb.title = `${options.issuer}${periodLabel(snapshot.period, 'zh')}${KIND_NAMES[snapshot.kind].zh}`;
  wb.created = new Date(snapshot.publishedAt);
  for (const table of publicationTables(snapshot, options)) {
    const ws = wb.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    ws.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width + 2,
      style: c.kind === 'text' ? {} : { numFmt: NUMBER_FORMATS[c.kind] },
    }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    const header = ws.getRow(1);
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.alignment = { vertical: 'middle', horizontal: 'center' };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
    });
    header.commit();
    for (const r of table.rows) ws.addRow(r.map((v) => v ?? undefined)).commit();
    ws.commit();
  }
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
