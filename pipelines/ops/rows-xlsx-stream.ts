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
 *
 * The workbook is written as its rows arrive from DuckDB: built in memory from all rows
 * read into Node, `almp rejects` for a file of 500,000 rows bad in two columns died out of
 * memory at 5.4 GB, `almp query` for 10^6 participations at 6.1 GB.
 */
import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { Db, Params, Row } from '../db/database.ts';
import { DEFAULT_TIMEZONE, localWallClock } from '../schedule/working-days.ts';
import { cutToCell, formulaSafe } from '../../reports/render/safe-text.ts';
import { isTypedValue } from './value-types.ts';
import { wholeStream } from '../db/whole-stream.ts';
import type { Progress } from '../effects.ts';

type Columns = readonly { readonly name: string; readonly type: string }[];

/** Rows a worksheet holds besides its header (Excel's limit is 1,048,576 rows). */
export const XLSX_MAX_ROWS = 1_048_575;

/** Rows the column widths are taken from (besides the header). */
const WIDTH_ROWS = 1000;
const DATE_FORMAT = 'dd.mm.yyyy';
const DATETIME_FORMAT = 'dd.mm.yyyy hh:mm:ss';

export interface QueryXlsxOptions {
  readonly params?: Params;
  readonly sheetName: string;
  readonly timezone?: string;
  /** The error for `rows` rows, more than a sheet holds: what to do instead. */
  readonly tooMany: (rows: number) => Error;
  /** A progress bar over the `rows` rows counted (effects.progress). */
  readonly progress?: (rows: number) => Progress;
}

/**
 * The rows of `sql` as a workbook, read from DuckDB a chunk at a time; refused before a row
 * is read when they do not fit one sheet (counted in DuckDB). Returns the rows written.
 */
export async function queryToXlsx(db: Db, sql: string, options: QueryXlsxOptions, write: (bytes: Uint8Array) => void): Promise<number> {
  const rows = await db.countRows(sql, options.params);
  if (rows > XLSX_MAX_ROWS) throw options.tooMany(rows);
  // as a subquery where it can be one, as csv and json read it: a repeated name is 'a_1' in all three
  const inner = await db.asSubquery(sql, options.params);
  const { columns, batches } = await db.streamTyped(inner === undefined ? sql : `SELECT * FROM (\n${inner}\n)`, options.params);
  // a workbook cut short fails before its last part is written: no file that opens
  await streamRowsToXlsx(columns, wholeStream(batches, rows, options.progress?.(rows)), write, options.sheetName, options.timezone);
  return rows;
}

/**
 * One sheet, the column names as a frozen, bold, filterable header row; a time column's
 * name says the zone its times are shown in ('loaded_at (Ortszeit Europe/Berlin)'), as
 * `--format csv` gives the same column in UTC. The caller keeps the rows within a sheet.
 */
export async function streamRowsToXlsx(
  columns: Columns,
  batches: AsyncIterable<Row[]>,
  write: (bytes: Uint8Array) => void,
  sheetName = 'Daten',
  timezone = DEFAULT_TIMEZONE,
): Promise<void> {
  // loaded here, not with the module: the model build imports the checks, which write this
  // format only when asked (exceljs costs ~0.8 s of every process start that loads it)
  const { default: Excel } = await import('exceljs');
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      write(chunk);
      done();
    },
  });
  // Text as inline strings (t="inlineStr", an explicit string type: safe-text.ts), written
  // through exceljs' rich text of one run. Shared strings were explicit too, but their table
  // stays in memory to the end: 10^6 rows of core.participations (pseudonyms, keys) took the
  // process to 3.2 GB; 2·10^6 distinct texts 2.2 GB against 0.36 GB inline. exceljs writes a
  // plain string without the table as t="str", a formula's cached result.
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  Object.assign(wb, { creator: 'almp-monitor', lastModifiedBy: 'almp-monitor', language: 'de-DE' });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const names = columns.map((c) => (isInstant(c.type) ? `${c.name} (Ortszeit ${timezone})` : c.name));
  const addRows = (rows: readonly Row[]) => {
    for (const row of rows) addTypedRow(ws, columns, row, timezone);
  };
  // a streamed sheet writes its column widths before its first row: the first rows are held
  // until there are as many as the widths are taken from (DuckDB's chunks may be smaller)
  let first: Row[] | undefined = [];
  const start = (rows: readonly Row[]) => {
    setWidths(ws, columns, names, rows);
    if (names.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: names.length } };
    const head = ws.addRow(names.map((n) => inlineText(formulaSafe(n))));
    head.font = { bold: true };
    head.commit();
    addRows(rows);
  };
  for await (const batch of batches) {
    if (!first) {
      addRows(batch);
      continue;
    }
    for (const row of batch) first.push(row);
    if (first.length < WIDTH_ROWS) continue;
    start(first);
    first = undefined;
  }
  if (first) start(first);
  ws.commit();
  await wb.commit();
}

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
  // a cell has no NaN or infinity: written as numbers they made the sheet invalid (LibreOffice read 0)
  if (typeof value === 'number' && !Number.isFinite(value)) return { value: inlineText(String(value)) };
  if (typeof value === 'number' || typeof value === 'boolean') return { value };
  if (typeof value === 'string') return { value: inlineText(isTypedValue(type) ? value : formulaSafe(value)) };
  return { value: inlineText(formulaSafe(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))) };
}

/**
 * A text cell written inline as a string (see the workbook writer's options), as a cell can
 * hold it: characters XML forbids as \xNN (exceljs dropped U+0001 without a word, and a
 * U+FFFF made LibreOffice drop the whole row), cut at Excel's 32,767 characters per cell
 * saying so (longer, Excel repairs the file).
 */
function inlineText(text: string): ExcelJS.CellValue {
  const safe = text.replace(XML_FORBIDDEN, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
  return { richText: [{ text: cutToCell(safe, '; ganz mit --format csv') }] };
}

const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, '0');

/** One row of typed values with their number formats, committed (written out). */
function addTypedRow(ws: ExcelJS.Worksheet, columns: Columns, row: Row, timezone: string): void {
  const cells = columns.map((c) => cell(row[c.name], c.type, timezone));
  const added = ws.addRow(cells.map((c) => c.value));
  cells.forEach((c, i) => void (c.numFmt && (added.getCell(i + 1).numFmt = c.numFmt)));
  added.commit();
}

/** Column widths from the header and the first 1,000 rows. */
function setWidths(ws: ExcelJS.Worksheet, columns: Columns, names: readonly string[], rows: readonly Row[]): void {
  columns.forEach((c, i) => {
    const longest = Math.max(names[i]!.length, ...rows.slice(0, WIDTH_ROWS).map((r) => String(r[c.name] ?? '').length));
    ws.getColumn(i + 1).width = c.type === 'DATE' ? 12 : isInstant(c.type) ? Math.max(20, names[i]!.length + 2) : Math.min(60, Math.max(10, longest + 2));
  });
}
