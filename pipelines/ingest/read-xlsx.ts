/**
 * The first sheet of an XLSX workbook as records, streamed (exceljs WorkbookReader) so a
 * large sheet is never held whole. Title rows above the header are skipped: the header is
 * the row among the first ones naming most contract columns. Row numbers are Excel's.
 * Date cells become ISO text; numbers become text with a decimal point.
 */
import ExcelJS from 'exceljs';
import type { Kind } from '../schema/kinds.ts';
import { findHeaderRow, mapHeader } from './header-mapping.ts';
import { isoDate, valueText, type CellText, type NodeRecord, type NodeTable } from './node-records.ts';

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
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i] ?? null));
  return cells;
}

export function readXlsx(kind: Kind, path: string): NodeTable {
  let sheetName = '';
  let headerRow = 0;
  const table: NodeTable = {
    present: new Set(),
    extra: new Set(),
    describe: () => `sheet '${sheetName}', header in row ${headerRow}`,
    records: (async function* (): AsyncGenerator<NodeRecord> {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
        sharedStrings: 'cache',
        styles: 'cache', // needed to tell date cells from numbers
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'emit',
      });
      for await (const sheet of reader) {
        sheetName = (sheet as unknown as { name?: string }).name ?? '';
        const head: { number: number; cells: CellText[] }[] = [];
        let mapping: Map<string, number> | undefined;
        const toRecord = (number: number, cells: CellText[]): NodeRecord => {
          const values = new Map<string, CellText>();
          for (const [name, index] of mapping!) values.set(name, cells[index] ?? null);
          return { row: number, values };
        };
        const decideHeader = function* (): Generator<NodeRecord> {
          const index = findHeaderRow(kind, head.map((r) => r.cells.map((c) => c ?? '')));
          const header = head[index];
          headerRow = header?.number ?? 0;
          const mapped = mapHeader(kind, (header?.cells ?? []).map((c) => c ?? ''));
          mapping = new Map(mapped.columns);
          for (const name of mapping.keys()) table.present.add(name);
          for (const name of mapped.extra) table.extra.add(name);
          for (const r of head.slice(index + 1)) yield toRecord(r.number, r.cells);
        };
        for await (const row of sheet) {
          const cells = rowCells(row as ExcelJS.Row);
          if (!mapping) {
            head.push({ number: (row as ExcelJS.Row).number, cells });
            if (head.length >= HEADER_SEARCH_ROWS) yield* decideHeader();
            continue;
          }
          yield toRecord((row as ExcelJS.Row).number, cells);
        }
        if (!mapping) yield* decideHeader();
        break; // the first sheet only
      }
    })(),
  };
  return table;
}
