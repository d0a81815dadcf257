import type { PublicationSnapshot } from '@jifen/shared';
import { formatDelta, formatPoints, formatRate } from './labels';
import { publicationTables, type Cell, type CellKind, type TableOptions } from './tables';

/** Excel reads a UTF-8 file as the local code page unless it starts with this mark. */
const BOM = '\uFEFF';

/** Cells a spreadsheet would run as a formula (CSV injection): prefixed with ' to stay text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cellText(value: Cell, kind: CellKind): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (kind === 'points') return formatPoints(value);
    if (kind === 'delta') return formatDelta(value);
    if (kind === 'rate') return formatRate(value);
    return String(value);
  }
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The publication's main table as CSV: UTF-8 with a byte-order mark so spreadsheet
 * programs show Chinese correctly, Chinese headers, CRLF line ends (RFC 4180).
 */
export function renderCsv(snapshot: PublicationSnapshot, options: TableOptions): Buffer {
  const [table] = publicationTables(snapshot, options);
  const lines = [
    table.columns.map((c) => quote(c.header)).join(','),
    ...table.rows.map((row) => row.map((v, i) => quote(cellText(v, table.columns[i].kind))).join(',')),
  ];
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
