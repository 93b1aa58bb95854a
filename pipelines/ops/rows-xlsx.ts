/**
 * Query or check rows as an Excel workbook, for the person who opens the list in Excel or
 * LibreOffice (`--format xlsx > berichte-fehlen.xlsx`). A CSV cannot do this for a German
 * reader: Excel opens a double-clicked CSV with the system's list separator (';' in
 * Germany, so a comma-separated file lands in one column), reads UTF-8 without a BOM as
 * Windows-1252 ('TrÃ¤ger') and turns ids into numbers (provider 001066 becomes 1066,
 * Jobcenter 06411 becomes 6411 — the very id ingest rejects when it comes back). A
 * workbook keeps each value's type: text stays text, numbers are numbers in the General
 * format (a German Excel shows 0,253 and can compute), dates are dates shown as 31.12.2026.
 * `--format csv` stays the machine format (RFC 4180, comma, UTF-8 without BOM, ISO dates,
 * decimal point) for scripts and BI tools.
 */
import type ExcelJS from 'exceljs';
import type { Row } from '../db/database.ts';
import { CliError } from '../errors.ts';
import { DEFAULT_TIMEZONE, localWallClock } from '../schedule/working-days.ts';
import { safeText } from '../../reports/render/safe-text.ts';

export interface TypedRows {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly Row[];
}

/** Rows a worksheet holds besides its header (Excel's limit is 1,048,576 rows). */
export const XLSX_MAX_ROWS = 1_048_575;

const DATE_FORMAT = 'dd.mm.yyyy';
const DATETIME_FORMAT = 'dd.mm.yyyy hh:mm:ss';

/**
 * A point in time: almp stores its times (loaded_at, started_at, written_at …) as TIMESTAMP
 * in UTC (working-days.ts), a TIMESTAMP WITH TIME ZONE is one by its type. Written as they
 * were, a file loaded at 08:15 in Berlin read 07:15 in Excel (06:15 in summer) beside
 * `almp status` saying 08:15.
 */
function isInstant(type: string): boolean {
  return type.startsWith('TIMESTAMP');
}

/** One cell's value and number format for a value of DuckDB type `type`. */
function cell(value: unknown, type: string, timezone: string): { value: ExcelJS.CellValue; numFmt?: string } {
  if (value === null || value === undefined) return { value: null };
  if (value instanceof Date) {
    if (type === 'DATE') return { value, numFmt: DATE_FORMAT };
    // an instant is shown as the schedule's wall clock, as the returns and `almp status` show times
    return { value: isInstant(type) ? localWallClock(value, timezone) : value, numFmt: DATETIME_FORMAT };
  }
  if (typeof value === 'bigint') return { value: Number.isSafeInteger(Number(value)) ? Number(value) : String(value) };
  if (typeof value === 'number' || typeof value === 'boolean') return { value };
  if (typeof value === 'string') return { value: safeText(value) };
  return { value: safeText(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))) };
}

/**
 * The workbook's bytes: one sheet, the column names as a frozen, filterable header row; a
 * time column's name says the zone its times are shown in ('loaded_at (Ortszeit
 * Europe/Berlin)'), as `--format csv` gives the same column in UTC.
 */
export async function rowsToXlsx(data: TypedRows, sheetName = 'Daten', timezone = DEFAULT_TIMEZONE): Promise<Buffer> {
  if (data.rows.length > XLSX_MAX_ROWS) {
    throw new CliError(
      `${data.rows.length} rows do not fit one worksheet (at most ${XLSX_MAX_ROWS}).`,
      'Narrow the query, or use --format csv, or almp export --format parquet for tables of this size.',
    );
  }
  // loaded here, not with the module: the model build imports the checks, which write this
  // format only when asked (exceljs costs ~0.8 s of every process start that loads it)
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  Object.assign(wb, { creator: 'almp-monitor', lastModifiedBy: 'almp-monitor', language: 'de-DE' });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const names = headerNames(data.columns, timezone);
  ws.addRow(names.map(safeText)).font = { bold: true };
  for (const row of data.rows) addTypedRow(ws, data.columns, row, timezone);
  setWidths(ws, data.columns, names, data.rows);
  if (names.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: names.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The header: a time column's name says the zone its times are shown in. */
export function headerNames(columns: TypedRows['columns'], timezone: string): string[] {
  return columns.map((c) => (isInstant(c.type) ? `${c.name} (Ortszeit ${timezone})` : c.name));
}

/** One row of typed values with their number formats; the row, for a streaming sheet to commit. */
export function addTypedRow(ws: ExcelJS.Worksheet, columns: TypedRows['columns'], row: Row, timezone: string): ExcelJS.Row {
  const cells = columns.map((c) => cell(row[c.name], c.type, timezone));
  const added = ws.addRow(cells.map((c) => c.value));
  cells.forEach((c, i) => void (c.numFmt && (added.getCell(i + 1).numFmt = c.numFmt)));
  return added;
}

/** Rows the column widths are taken from (besides the header). */
export const WIDTH_ROWS = 1000;

/** Column widths from the header and the first 1,000 rows. */
export function setWidths(ws: ExcelJS.Worksheet, columns: TypedRows['columns'], names: readonly string[], rows: readonly Row[]): void {
  columns.forEach((c, i) => {
    const longest = Math.max(names[i]!.length, ...rows.slice(0, WIDTH_ROWS).map((r) => String(r[c.name] ?? '').length));
    ws.getColumn(i + 1).width = c.type === 'DATE' ? 12 : isInstant(c.type) ? Math.max(20, names[i]!.length + 2) : Math.min(60, Math.max(10, longest + 2));
  });
}
