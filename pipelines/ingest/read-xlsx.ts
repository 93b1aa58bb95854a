/**
 * The data sheet of an XLSX workbook (the first whose header names the required columns) as
 * records, streamed (exceljs WorkbookReader, reading by the zip's central directory: see
 * xlsx-workbook-reader.ts) so a large sheet is never held whole. Title rows above the header are skipped: the header is
 * the row among the first ones naming most contract columns. Row numbers are Excel's.
 * Date cells become ISO text; numbers become text with a decimal point. Hidden sheets are
 * passed over: a person opening the workbook does not see them (an old copy of the data, the
 * lists behind a template's drop-downs).
 */
import ExcelJS from 'exceljs';
import { basename } from 'node:path';
import { IngestError } from '../errors.ts';
import { columnsViolation } from './limits.ts';
import type { Kind } from '../schema/kinds.ts';
import { findHeaderRow, mapHeader } from './header-mapping.ts';
import { isoDate, valueText, type CellText, type NodeRecord, type NodeTable } from './node-records.ts';
import { CentralDirectoryWorkbookReader } from './xlsx-workbook-reader.ts';

const HEADER_SEARCH_ROWS = 30;

/** Text of an exceljs cell value: rich text, formulas (their result), links, errors. */
export function cellText(value: ExcelJS.CellValue): CellText {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return valueText(value);
}

function rowCells(row: ExcelJS.Row): CellText[] {
  const values = row.values as ExcelJS.CellValue[]; // 1-based, sparse
  const cells: CellText[] = [];
  for (let i = 1; i < values.length; i++) {
    const value = values[i] ?? null;
    cells.push(typeof value === 'number' ? numberAsShown(value, row.getCell(i).numFmt) : cellText(value));
  }
  return cells;
}

/**
 * A whole number in a cell formatted with zeros only ('00000') reads as Excel shows it:
 * the usual way an id like 06411 is kept in a number cell.
 */
function numberAsShown(value: number, numFmt: string | undefined): CellText {
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(value) && value >= 0) return String(value).padStart(numFmt.length, '0');
  return cellText(value);
}

/** The hidden sheets that held the columns, for the ledger's description of the file. */
function passedOver(hidden: readonly string[]): string {
  if (hidden.length === 0) return '';
  return ` (hidden sheet${hidden.length > 1 ? 's' : ''} ${hidden.map((h) => `'${h}'`).join(', ')} passed over)`;
}

export function readXlsx(kind: Kind, path: string): NodeTable {
  let sheetName = '';
  let headerRow = 0;
  const present = new Set<string>();
  const extraColumns = new Set<string>();
  const written = new Map<string, string>();
  const hidden: string[] = [];
  const table: NodeTable = {
    present,
    extra: extraColumns,
    written,
    describe: () => `sheet '${sheetName}', header in row ${headerRow}${passedOver(hidden)}`,
    records: (async function* (): AsyncGenerator<NodeRecord> {
      const reader = new CentralDirectoryWorkbookReader(path, {
        sharedStrings: 'cache',
        styles: 'cache', // needed to tell date cells from numbers
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'emit',
      });
      // The data sheet is the first visible one whose header names every required column:
      // providers' workbooks often open with a cover or notes sheet. With none, the first
      // visible sheet's header stands (the load then names the columns it lacks).
      let first: { name: string; row: number; columns: Map<string, number>; extra: readonly string[] } | undefined;
      let hiddenData: string | undefined;
      for await (const sheet of reader) {
        const { name = '', state } = sheet as unknown as { name?: string; state?: string };
        const isHidden = state === 'hidden' || state === 'veryHidden';
        const head: { number: number; cells: CellText[] }[] = [];
        let mapping: Map<string, number> | undefined;
        let skip = false;
        const toRecord = (number: number, cells: CellText[]): NodeRecord => {
          const values = new Map<string, CellText>();
          for (const [column, index] of mapping!) values.set(column, cells[index] ?? null);
          return { row: number, values };
        };
        const decideHeader = function* (): Generator<NodeRecord> {
          const index = findHeaderRow(kind, head.map((r) => r.cells.map((c) => c ?? '')));
          const header = head[index];
          const cells = (header?.cells ?? []).map((c) => c ?? '');
          const wide = columnsViolation(cells.filter((c) => c.trim() !== '').length);
          if (wide) throw new IngestError(`${basename(path)} refused: the header of sheet '${name}' has ${wide}.`, path);
          const mapped = mapHeader(kind, cells);
          if (!isHidden) first ??= { name, row: header?.number ?? 0, columns: new Map(mapped.columns), extra: mapped.extra };
          if (isHidden && mapped.missingRequired.length === 0) {
            hiddenData ??= name;
            hidden.push(name);
          }
          if (isHidden || mapped.missingRequired.length > 0) {
            skip = true; // read on to the end of this sheet (the stream reaches the next one only so)
            return;
          }
          sheetName = name;
          headerRow = header?.number ?? 0;
          mapping = new Map(mapped.columns);
          for (const [column, at] of mapping) {
            present.add(column);
            written.set(column, cells[at]?.trim() || column);
          }
          for (const column of mapped.extra) extraColumns.add(column);
          for (const r of head.slice(index + 1)) yield toRecord(r.number, r.cells);
        };
        for await (const row of sheet) {
          if (skip) continue;
          const cells = rowCells(row as ExcelJS.Row);
          if (!mapping) {
            head.push({ number: (row as ExcelJS.Row).number, cells });
            if (head.length >= HEADER_SEARCH_ROWS) yield* decideHeader();
            continue;
          }
          yield toRecord((row as ExcelJS.Row).number, cells);
        }
        if (!mapping && !skip) yield* decideHeader();
        if (mapping) return;
      }
      if (hiddenData !== undefined) {
        throw new IngestError(
          `Sheet '${hiddenData}' holds the columns but is hidden, and no visible sheet does.`,
          path,
          undefined,
          undefined,
          'If it holds the data to load, unhide it (Excel: right-click a sheet tab → Einblenden) and save the file again.',
        );
      }
      if (first) {
        sheetName = first.name;
        headerRow = first.row;
        for (const column of first.columns.keys()) present.add(column);
        for (const column of first.extra) extraColumns.add(column);
      }
    })(),
  };
  return table;
}
