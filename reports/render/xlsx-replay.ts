/**
 * Writes a workbook from its ops (workbook-ops.ts) with exceljs' streaming writer: the calls
 * a renderer using exceljs directly would make, in the same order; the plain body rows of
 * the data sheets go through plain-rows.ts (the same XML, without exceljs' per-cell objects).
 */
import ExcelJS from 'exceljs';
import { writePlainRows } from './plain-rows.ts';
import { addSheetNames, definedName } from './title-names.ts';
import type { OpStyle, RowOps, WorkbookOps } from './workbook-ops.ts';

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;
type Options = ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0];

export interface ReplayOptions {
  /** Plain rows through exceljs' Row/Cell objects too (the reference the fast path is compared with). */
  readonly exceljsOnly?: boolean;
}

export async function replayWorkbook(ops: WorkbookOps, options: ReplayOptions = {}): Promise<void> {
  // zlib level 1: half the write time of the default level for a few percent larger files.
  const wb: Writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: ops.path, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 1 } } } as Options);
  wb.creator = ops.creator;
  wb.lastModifiedBy = ops.creator;
  // The streaming writer renders these into docProps/core.xml (its typings omit them).
  Object.assign(wb, { title: ops.title, subject: ops.subject, language: 'de-DE' });
  wb.created = ops.created;
  wb.modified = ops.created;
  wb.views = ops.views;
  addSheetNames(wb, ops.sheets.flatMap((sheet, i) => sheet.titles.map((t) => definedName(sheet.name, i, t))));
  // One object per style: exceljs caches a style's index by object identity. Never mutated:
  // row-wide fonts are set before cell styles, which replace a cell's own style object.
  const { styles } = ops;
  const plain: OpStyle = {};
  for (const sheet of ops.sheets) {
    const ws = wb.addWorksheet(sheet.name, sheet.options);
    ws.columns = sheet.widths.map((width) => ({ width })) as ExcelJS.Column[];
    if (sheet.colBreaks) writeColumnBreaks(ws, sheet.colBreaks);
    let i = 0;
    while (i < sheet.rows.length) {
      const r = sheet.rows[i]!;
      if (r.plain && !options.exceljsOnly) {
        let end = i;
        while (end < sheet.rows.length && sheet.rows[end]!.plain) end++;
        writePlainRows(wb, ws, sheet.rows.slice(i, end), styles, plain);
        i = end;
        continue;
      }
      writeRow(ws, r, styles, plain);
      i++;
    }
    ws.commit();
  }
  await wb.commit();
}

function writeRow(ws: ExcelJS.Worksheet, r: RowOps, styles: readonly OpStyle[], plain: OpStyle): void {
  const row = ws.addRow(r.values);
  if (r.plain) (row as ExcelJS.Row & { style: OpStyle }).style = plain;
  if (r.height) row.height = r.height;
  if (r.font) row.font = r.font;
  if (r.alignment) row.alignment = r.alignment;
  if (r.styles || r.plain) {
    for (let c = 0; c < r.values.length; c++) {
      const s = r.styles?.[c] ?? -1;
      if (s >= 0) row.getCell(c + 1).style = styles[s]!;
      else if (r.plain) row.getCell(c + 1).style = plain;
    }
  }
  for (const [top, left, bottom, right] of r.merges ?? []) ws.mergeCells(top, left, bottom, right);
  row.commit();
}

interface BreaksInternals {
  _writeRowBreaks(): void;
  readonly stream: { write(text: string): void };
}

/**
 * Manual page breaks before the 0-based `columns`: exceljs writes row breaks only. Written
 * where the schema wants them, right after the row breaks (exceljs 4.4's streaming writer,
 * pinned in package.json).
 */
function writeColumnBreaks(ws: ExcelJS.Worksheet, columns: readonly number[]): void {
  const writer = ws as unknown as BreaksInternals;
  const rowBreaks = writer._writeRowBreaks.bind(writer);
  const brk = columns.map((c) => `<brk id="${c}" max="1048575" man="1"/>`).join('');
  writer._writeRowBreaks = () => {
    rowBreaks();
    writer.stream.write(`<colBreaks count="${columns.length}" manualBreakCount="${columns.length}">${brk}</colBreaks>`);
  };
}
