/**
 * The body rows of a data sheet written as sheet XML directly, exactly as exceljs' streaming
 * writer would write them (same cells, shared-string and style indexes from the workbook's own
 * tables, same order of registration, same markup), at a fraction of its cost: exceljs builds
 * a Row, a Cell, a value object and a model per cell and renders them through a generic XML
 * stream (~1 µs per cell, ~1 s for the 10^6 returns). Only plain rows (RowOps.plain: no
 * row-wide font, no merges) come here; a byte comparison of whole workbooks against exceljs'
 * own rendering guards the equivalence (test/reports/plain-rows.test.ts).
 * Relies on exceljs 4.4 internals of the streaming writer (pinned in package.json).
 */
import type ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { columnLetter } from './placement.ts';
import type { OpStyle, RowOps } from './workbook-ops.ts';

/** exceljs' ValueType codes (doc/enums.js): addStyleModel chooses a default format by them. */
const NUMBER = 2;
const STRING = 3;
const DATE = 4;
const NULL = 0;

interface StreamingInternals {
  readonly startedData: boolean;
  _rowZero: number;
  _rows: unknown[] | null;
  _writeColumns(): void;
  _writeOpenSheetData(): void;
  _write(text: string): void;
}

interface WorkbookInternals {
  readonly sharedStrings: { add(value: string): number };
  readonly styles: { addStyleModel(style: OpStyle, cellType?: number): number };
}

// exceljs' own escaping and date serial numbers, so the markup is the same to the byte.
const { xmlEncode, dateToExcel } = createRequire(import.meta.url)('exceljs/lib/utils/utils.js') as {
  xmlEncode(text: string): string;
  dateToExcel(d: Date, date1904?: boolean): number;
};

/** Writes `rows` as the next rows of `ws` (every earlier row committed). */
export function writePlainRows(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet, rows: readonly RowOps[], styles: readonly OpStyle[], plain: OpStyle): void {
  const sheet = ws as unknown as StreamingInternals;
  const book = wb as unknown as WorkbookInternals;
  if (sheet._rows?.length) throw new Error('writePlainRows: earlier rows are not committed');
  if (!sheet.startedData) {
    sheet._writeColumns();
    sheet._writeOpenSheetData();
    (sheet as { startedData: boolean }).startedData = true;
  }
  const letters: string[] = [];
  let rowNumber = sheet._rowZero;
  let chunk: string[] = [];
  for (const row of rows) {
    const { values } = row;
    // A row whose cells are all empty is not written (exceljs: Row.hasValues).
    if (values.some((v) => v !== null && v !== undefined)) {
      // The row's own style is registered before its cells', as exceljs' row-xform does.
      book.styles.addStyleModel(plain);
      const height = row.height ? ` ht="${row.height}" customHeight="1"` : '';
      let xml = `<row r="${rowNumber}"${height} spans="1:${values.length}" x14ac:dyDescent="0.25">`;
      for (let c = 0; c < values.length; c++) {
        const value = values[c];
        const s = row.styles?.[c] ?? -1;
        const style = s >= 0 ? styles[s]! : plain;
        const address = (letters[c] ??= columnLetter(c)) + rowNumber;
        if (value === null || value === undefined) {
          const id = book.styles.addStyleModel(style, NULL);
          if (id) xml += `<c r="${address}" s="${id}"/>`;
          continue;
        }
        if (typeof value === 'number') {
          xml += `<c r="${address}"${styleAttr(book.styles.addStyleModel(style, NUMBER))}><v>${value}</v></c>`;
        } else if (typeof value === 'string') {
          const id = book.styles.addStyleModel(style, STRING);
          xml += `<c r="${address}"${styleAttr(id)} t="s"><v>${book.sharedStrings.add(value)}</v></c>`;
        } else if (value instanceof Date) {
          xml += `<c r="${address}"${styleAttr(book.styles.addStyleModel(style, DATE))}><v>${dateToExcel(value)}</v></c>`;
        } else {
          // Formulas here always carry a numeric result (or none).
          const result = value.result;
          const id = book.styles.addStyleModel(style, typeof result === 'number' ? NUMBER : NULL);
          const v = typeof result === 'number' ? `<v>${result}</v>` : '';
          xml += `<c r="${address}"${styleAttr(id)}><f>${xmlEncode(value.formula)}</f>${v}</c>`;
        }
      }
      chunk.push(`${xml}</row>`);
      if (chunk.length >= 256) {
        sheet._write(chunk.join(''));
        chunk = [];
      }
    }
    rowNumber++;
  }
  if (chunk.length) sheet._write(chunk.join(''));
  sheet._rowZero = rowNumber;
}

function styleAttr(id: number): string {
  return id ? ` s="${id}"` : '';
}
