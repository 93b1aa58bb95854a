/**
 * A workbook written as its rows arrive, for lists too long to hold in memory twice (the rows,
 * then the workbook): `almp rejects --format xlsx` for a file of 500,000 rows bad in two
 * columns built all of it in memory before a byte was written, `almp query --format xlsx`
 * for 10^6 participations died out of memory at 6 GB. The same sheet as rowsToXlsx
 * (rows-xlsx.ts): typed cells, frozen bold header, filter, widths from the first rows.
 */
import { Writable } from 'node:stream';
import type { Db, Params, Row } from '../db/database.ts';
import { DEFAULT_TIMEZONE } from '../schedule/working-days.ts';
import { safeText } from '../../reports/render/safe-text.ts';
import { addTypedRow, headerNames, setWidths, WIDTH_ROWS, XLSX_MAX_ROWS, type TypedRows } from './rows-xlsx.ts';

export interface QueryXlsxOptions {
  readonly params?: Params;
  readonly sheetName: string;
  readonly timezone?: string;
  /** The error for `rows` rows, more than a sheet holds: what to do instead. */
  readonly tooMany: (rows: number) => Error;
}

/**
 * The rows of `sql` as a workbook, read from DuckDB a chunk at a time; refused before a row
 * is read when they do not fit one sheet (counted in DuckDB). Returns the rows written.
 */
export async function queryToXlsx(db: Db, sql: string, options: QueryXlsxOptions, write: (bytes: Uint8Array) => void): Promise<number> {
  const rows = await db.countRows(sql, options.params);
  if (rows > XLSX_MAX_ROWS) throw options.tooMany(rows);
  const { columns, batches } = await db.streamTyped(sql, options.params);
  await streamRowsToXlsx(columns, batches, write, options.sheetName, options.timezone);
  return rows;
}

export async function streamRowsToXlsx(
  columns: TypedRows['columns'],
  batches: AsyncIterable<Row[]>,
  write: (bytes: Uint8Array) => void,
  sheetName = 'Daten',
  timezone = DEFAULT_TIMEZONE,
): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      write(chunk);
      done();
    },
  });
  // shared strings as rowsToXlsx writes them (a reject's reason repeats on every row it rejects)
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  Object.assign(wb, { creator: 'almp-monitor', lastModifiedBy: 'almp-monitor', language: 'de-DE' });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const names = headerNames(columns, timezone);
  const addRows = (rows: readonly Row[]) => {
    for (const row of rows) addTypedRow(ws, columns, row, timezone).commit();
  };
  // a streamed sheet writes its column widths before its first row: the first rows are held
  // until there are as many as the widths are taken from (DuckDB's chunks may be smaller)
  let first: Row[] | undefined = [];
  const start = (rows: readonly Row[]) => {
    setWidths(ws, columns, names, rows);
    if (names.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: names.length } };
    const head = ws.addRow(names.map(safeText));
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
