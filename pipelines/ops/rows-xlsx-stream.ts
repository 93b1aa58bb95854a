/**
 * A workbook written as its rows arrive, for lists too long to hold in memory twice (the rows,
 * then the workbook): `almp rejects --format xlsx` for a file of 500,000 rows bad in two
 * columns built all of it in memory before a byte was written. The same sheet as rowsToXlsx
 * (rows-xlsx.ts): typed cells, frozen bold header, filter, widths from the first rows.
 */
import { Writable } from 'node:stream';
import type { Row } from '../db/database.ts';
import { DEFAULT_TIMEZONE } from '../schedule/working-days.ts';
import { safeText } from '../../reports/render/safe-text.ts';
import { addTypedRow, headerNames, setWidths, type TypedRows } from './rows-xlsx.ts';

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
  let started = false;
  // a streamed sheet writes its column widths before its first row: from the first batch
  const start = (first: readonly Row[]) => {
    setWidths(ws, columns, names, first);
    if (names.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: names.length } };
    const head = ws.addRow(names.map(safeText));
    head.font = { bold: true };
    head.commit();
    started = true;
  };
  for await (const batch of batches) {
    if (!started) start(batch);
    for (const row of batch) addTypedRow(ws, columns, row, timezone).commit();
  }
  if (!started) start([]);
  ws.commit();
  await wb.commit();
}
