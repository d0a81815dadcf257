import { UNIT_KINDS, type OrgImportError } from '@jifen/shared';
import Papa from 'papaparse';

export type OrgList = 'units' | 'officers';
type Cell = string | number | boolean | Date | null | undefined;

/** One row read from a file, with where it came from, so the server's errors land on it. */
export interface OrgFileRow {
  source: string;
  /** Line (CSV) or row (sheet) number as the file's owner sees it, header included. */
  line: number;
  values: Record<string, unknown>;
  errors: { field: string; message: string }[];
}

export interface OrgFile {
  units: OrgFileRow[];
  officers: OrgFileRow[];
  /** Tables that were not recognised, and why. */
  problems: { source: string; reason: 'unknown_columns' | 'unreadable'; detail: string }[];
}

/**
 * The columns of each list and the headers accepted for them, in English and Chinese; the
 * template writes the headers of the reader's language.
 */
export const ORG_COLUMNS: Record<
  OrgList,
  { field: string; headers: { en: string; zh: string; more?: string[] } }[]
> = {
  units: [
    { field: 'code', headers: { en: 'code', zh: '单位代码', more: ['代码'] } },
    { field: 'name', headers: { en: 'name', zh: '单位名称', more: ['名称'] } },
    { field: 'parentCode', headers: { en: 'parentCode', zh: '上级单位代码', more: ['上级代码'] } },
    { field: 'kind', headers: { en: 'kind', zh: '单位类型', more: ['类型'] } },
  ],
  officers: [
    { field: 'badgeNo', headers: { en: 'badgeNo', zh: '警号' } },
    { field: 'name', headers: { en: 'name', zh: '姓名' } },
    { field: 'unitCode', headers: { en: 'unitCode', zh: '单位代码', more: ['所属单位代码'] } },
    { field: 'active', headers: { en: 'active', zh: '在职' } },
    { field: 'since', headers: { en: 'since', zh: '调入时间', more: ['生效时间'] } },
  ],
};

/** Unit kinds as people write them in Chinese sheets. */
const KIND_WORDS: Record<string, (typeof UNIT_KINDS)[number]> = {
  局: 'bureau',
  公安局: 'bureau',
  分局: 'bureau',
  大队: 'brigade',
  派出所: 'station',
  所: 'station',
  中队: 'squad',
};

const norm = (h: unknown) =>
  String(h ?? '')
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase();

function columnsOf(list: OrgList, header: Cell[]): (string | null)[] {
  return header.map((h) => {
    const n = norm(h);
    const col = ORG_COLUMNS[list].find((c) =>
      [c.headers.en, c.headers.zh, ...(c.headers.more ?? [])].some((x) => x.toLowerCase() === n),
    );
    return col?.field ?? null;
  });
}

/** A table is officers if it has a badge-number column, units if it has a kind column. */
function classify(header: Cell[]): OrgList | null {
  if (columnsOf('officers', header).includes('badgeNo')) return 'officers';
  if (columnsOf('units', header).includes('kind')) return 'units';
  return null;
}

function value(field: string, cell: Cell): unknown {
  if (cell === null || cell === undefined) return undefined;
  if (cell instanceof Date) return cell.toISOString();
  const text = typeof cell === 'string' ? cell.trim() : cell;
  if (text === '') return undefined;
  if (field === 'kind' && typeof text === 'string') return KIND_WORDS[text] ?? text.toLowerCase();
  if (field === 'active') {
    const t = norm(text);
    if (['true', '1', 'yes', 'y', '是', '在职'].includes(t)) return true;
    if (['false', '0', 'no', 'n', '否', '离职'].includes(t)) return false;
    return text;
  }
  // Codes and badge numbers are text even when a spreadsheet stored them as numbers.
  return typeof text === 'number' ? String(text) : text;
}

/** Reads a table (header row first) into rows of one list, or says why it cannot. */
export function readTable(source: string, table: Cell[][], into: OrgFile): void {
  const headerAt = table.findIndex((r) => r.some((c) => norm(c) !== ''));
  if (headerAt < 0) return;
  const list = classify(table[headerAt]);
  if (!list) {
    into.problems.push({
      source,
      reason: 'unknown_columns',
      detail: table[headerAt].map((c) => String(c ?? '')).join(', '),
    });
    return;
  }
  const fields = columnsOf(list, table[headerAt]);
  table.slice(headerAt + 1).forEach((cells, i) => {
    if (!cells.some((c) => norm(c instanceof Date ? 'd' : c) !== '')) return;
    const values: Record<string, unknown> = {};
    fields.forEach((f, k) => {
      const v = f ? value(f, cells[k]) : undefined;
      if (f && v !== undefined) values[f] = v;
    });
    into[list].push({ source, line: headerAt + i + 2, values, errors: [] });
  });
}

/** Excel on a Chinese Windows saves CSV as GB18030; everything else sends UTF-8. */
export function decodeText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function readCsv(source: string, text: string, into: OrgFile): void {
  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: false });
  readTable(source, parsed.data, into);
}

export function readJson(source: string, text: string, into: OrgFile): void {
  const data = JSON.parse(text) as { units?: unknown[]; officers?: unknown[] };
  for (const list of ['units', 'officers'] as const)
    (Array.isArray(data[list]) ? data[list] : []).forEach((values, i) =>
      into[list].push({ source, line: i + 1, values: values as Record<string, unknown>, errors: [] }),
    );
}

/** Reads CSV, XLSX (every sheet) and JSON files into one import. */
export async function readOrgFiles(files: File[]): Promise<OrgFile> {
  const out: OrgFile = { units: [], officers: [], problems: [] };
  for (const file of files) {
    const name = file.name;
    try {
      if (/\.xlsx$/i.test(name)) {
        const { default: readXlsxFile } = await import('read-excel-file/browser');
        for (const sheet of await readXlsxFile(file))
          readTable(`${name} · ${sheet.sheet}`, sheet.data as Cell[][], out);
      } else if (/\.json$/i.test(name)) readJson(name, decodeText(await file.arrayBuffer()), out);
      else readCsv(name, decodeText(await file.arrayBuffer()), out);
    } catch (e) {
      out.problems.push({ source: name, reason: 'unreadable', detail: (e as Error).message });
    }
  }
  return out;
}

/** Puts the server's per-row errors on the rows they belong to. */
export function attachErrors(file: OrgFile, errors: OrgImportError[]): void {
  for (const list of ['units', 'officers'] as const) for (const r of file[list]) r.errors = [];
  for (const e of errors) {
    const row = file[e.list][e.index];
    if (row) row.errors = e.errors;
  }
}

/** The body of `POST /api/org/import`. */
export function importBody(file: OrgFile) {
  return { units: file.units.map((r) => r.values), officers: file.officers.map((r) => r.values) };
}

const EXAMPLE: Record<OrgList, Record<string, string>[]> = {
  units: [
    { code: '150423', name: '示范县公安局', parentCode: '', kind: 'bureau' },
    { code: '150423-11', name: '城关派出所', parentCode: '150423', kind: 'station' },
  ],
  officers: [{ badgeNo: '150101', name: '张伟', unitCode: '150423-11', active: 'true', since: '' }],
};

function templateRows(list: OrgList, lang: 'en' | 'zh'): string[][] {
  const cols = ORG_COLUMNS[list];
  return [cols.map((c) => c.headers[lang]), ...EXAMPLE[list].map((ex) => cols.map((c) => ex[c.field] ?? ''))];
}

/** A CSV template per list, with a byte-order mark so Excel opens it as UTF-8. */
export function csvTemplate(list: OrgList, lang: 'en' | 'zh'): Blob {
  return new Blob(['\ufeff' + Papa.unparse(templateRows(list, lang))], { type: 'text/csv;charset=utf-8' });
}

/** One workbook with a sheet per list. */
export async function xlsxTemplate(lang: 'en' | 'zh', sheetNames: Record<OrgList, string>): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  return writeXlsxFile(
    (['units', 'officers'] as const).map((list) => ({
      sheet: sheetNames[list],
      data: templateRows(list, lang),
    })),
  ).toBlob();
}
