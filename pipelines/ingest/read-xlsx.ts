/**
 * The data sheet of an XLSX workbook (the first whose header names the required columns) as
 * records, streamed (exceljs WorkbookReader, reading by the zip's central directory: see
 * xlsx-workbook-reader.ts) so a large sheet is never held whole. Title rows above the header are skipped: the header is
 * the row among the first ones naming most contract columns. Row numbers are Excel's.
 * Cells read as Excel shows them (xlsx-cells.ts); a cell with nothing to read rejects its
 * row unless the row holds nothing else (a template's empty row of lookups). Hidden sheets are
 * passed over: a person opening the workbook does not see them (an old copy of the data, the
 * lists behind a template's drop-downs). A sheet the user names (`almp ingest --sheet`) is read
 * instead, hidden or not. One load reads one sheet: later visible sheets that hold the columns
 * too (a sheet per quarter) are named in the table's notes, not passed over in silence; if the
 * sheet read holds no rows and such a later one does, the file is refused naming both.
 * Hidden rows of the data sheet are read, and named in a note (xlsx-sheet-notes.ts).
 */
import ExcelJS from 'exceljs';
import { basename } from 'node:path';
import { AlmpError, IngestError } from '../errors.ts';
import { columnsViolation } from './limits.ts';
import type { Kind } from '../schema/kinds.ts';
import { differingColumnsReason, findHeaderRow, mapHeader, withSubHeader } from './header-mapping.ts';
import type { CellText, NodeRecord, NodeTable, SecondValue } from './node-records.ts';
import { cellString, isUnreadable, rowCells, type Cell } from './xlsx-cells.ts';
import { CentralDirectoryWorkbookReader } from './xlsx-workbook-reader.ts';
import { emptySheetRefusal, noHeaderRefusal } from './xlsx-sheet-refusals.ts';
import { hiddenRowsNote, otherDataSheetsNote, passedOver } from './xlsx-sheet-notes.ts';

const HEADER_SEARCH_ROWS = 30;
/**
 * Known columns from which a sheet lacking a required one is taken for a data sheet with a
 * faulty header rather than for a notes or cover sheet (which names one or two at most).
 */
const NEAR_MISS_COLUMNS = 3;

export function readXlsx(kind: Kind, path: string, options: { sheet?: string } = {}): NodeTable {
  const wanted = options.sheet?.trim().toLowerCase();
  let sheetName = '';
  const notes: string[] = [];
  let headerRows = 'row 0';
  const present = new Set<string>();
  const extraColumns = new Set<string>();
  const written = new Map<string, string>();
  const hidden: string[] = [];
  /** Rows of the data sheet hidden in Excel that were read all the same. */
  const hiddenRead: number[] = [];
  const table: NodeTable = {
    present,
    extra: extraColumns,
    written,
    notes,
    describe: () => `sheet '${sheetName}', header in ${headerRows}${passedOver(hidden)}`,
    records: damagedAsSuch(path, (async function* (): AsyncGenerator<NodeRecord> {
      const reader = new CentralDirectoryWorkbookReader(path, {
        sharedStrings: 'cache',
        styles: 'cache', // needed to tell date cells from numbers
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'emit',
      });
      // The data sheet is the first visible one whose header names every required column:
      // providers' workbooks often open with a cover or notes sheet. With none, the header of
      // the first visible sheet naming any column stands (the load then names the columns it
      // lacks); a sheet with rows and none named is refused as having no header.
      let first: { name: string; row: number; columns: Map<string, number>; extra: readonly string[]; header: readonly string[] } | undefined;
      /** Visible sheets passed over whose first rows hold something but name none of the columns. */
      const headerless: string[] = [];
      let hiddenData: string | undefined;
      const names: string[] = [];
      /** The data sheet has been read: later sheets' headers are only looked at. */
      let loaded = false;
      /** Records of the data sheet with a value (its empty rows not counted). */
      let dataRows = 0;
      const alsoData: string[] = [];
      /** A visible sheet before the data sheet whose header names several columns but not every required one. */
      let nearMiss: { name: string; missing: readonly string[] } | undefined;
      for await (const sheet of reader) {
        const { name = '', state, hiddenRows } = sheet as unknown as { name?: string; state?: string; hiddenRows?: ReadonlySet<number> };
        names.push(name);
        if (wanted !== undefined && name.trim().toLowerCase() !== wanted) {
          for await (const row of sheet) void row; // the stream reaches the next sheet only so
          continue;
        }
        const isHidden = wanted === undefined && (state === 'hidden' || state === 'veryHidden');
        const date1904 = (sheet as unknown as { workbook?: { properties?: { model?: { date1904?: boolean } } } }).workbook?.properties?.model?.date1904 === true;
        const head: { number: number; cells: Cell[] }[] = [];
        let mapping: Map<string, number> | undefined;
        let alsoGiven: { column: string; second: number; header: string; reason: string }[] = [];
        let skip = false;
        /** A later sheet with the columns, the data sheet having held no rows: its columns' cells, read for a value. */
        let probe: readonly number[] | undefined;
        const toRecord = (number: number, cells: Cell[]): NodeRecord => {
          const values = new Map<string, CellText>();
          const unreadable: { column: string; reason: string }[] = [];
          let errorsOnly = true; // a row of nothing but error values is a template's empty row
          for (const [column, index] of mapping!) {
            const cell = cells[index] ?? null;
            if (isUnreadable(cell)) {
              unreadable.push({ column, reason: `cell ${cell.address}: ${cell.reason}` });
              if (!cell.error) errorsOnly = false;
              values.set(column, null);
            } else {
              values.set(column, cell);
              if (cell !== null && cell.trim() !== '') errorsOnly = false;
            }
          }
          // a second column of one meaning: compared once converted (stage-records.ts); an error value there is its own reason
          const seconds: SecondValue[] = [];
          for (const { column, second, header, reason } of alsoGiven) {
            const cell = cells[second] ?? null;
            if (isUnreadable(cell)) unreadable.push({ column, reason: `cell ${cell.address}: ${cell.reason}` });
            else if (cell !== null && cell.trim() !== '') seconds.push({ column, text: cell, header, reason });
          }
          if (hiddenRows?.has(number) && !errorsOnly) hiddenRead.push(number);
          const compared = seconds.length ? { seconds } : {};
          if (errorsOnly) return { row: number, values };
          if (unreadable.length === 0) return { row: number, values, ...compared };
          return { row: number, values, cellErrors: unreadable, ...compared };
        };
        /**
         * A row's record, but an empty one only once a row with a value follows: formatting
         * (borders, a fill) on a template's rows down to row 1,048,576 makes a million empty
         * rows, which a 2-row sheet staged in 17 s and 0.57 GB. Empty rows between records are
         * staged as before (counted as ignored); those after the last record are not. Row
         * numbers are the sheet's either way: each record carries its own.
         */
        let emptyRows: number[] = [];
        const emit = function* (number: number, cells: Cell[]): Generator<NodeRecord> {
          const record = toRecord(number, cells);
          if (isEmpty(record)) {
            emptyRows.push(number);
            return;
          }
          for (const row of emptyRows) yield { row, values: new Map() };
          emptyRows = [];
          dataRows++;
          yield record;
        };
        const decideHeader = function* (): Generator<NodeRecord> {
          const index = findHeaderRow(kind, head.map((r) => r.cells.map(cellString)));
          const header = head[index];
          const below = head[index + 1];
          const subHeader = header && below?.number === header.number + 1 ? withSubHeader(kind, header.cells.map(cellString), below.cells.map(cellString)) : undefined;
          const cells = subHeader ?? (header?.cells ?? []).map(cellString);
          if (loaded) {
            const later = mapHeader(kind, cells);
            if (!isHidden && later.missingRequired.length === 0) {
              alsoData.push(name);
              if (dataRows === 0) {
                // the sheet read held no rows: one with rows here refuses the file (read on until one comes)
                probe = [...later.columns.values()];
                if (head.slice(index + (subHeader ? 2 : 1)).some((r) => holdsValue(r.cells, probe!))) throw emptySheetRefusal(path, kind, sheetName, name);
                return;
              }
            }
            skip = true;
            return;
          }
          const wide = columnsViolation(cells.filter((c) => c.trim() !== '').length);
          if (wide) throw new IngestError(`${basename(path)} refused: the header of sheet '${name}' has ${wide}.`, path);
          const mapped = mapHeader(kind, cells);
          if (!isHidden) {
            // a sheet naming some columns stands before one naming none (a cover sheet): the load then names the columns it lacks
            if (!first || (first.columns.size === 0 && mapped.columns.size > 0)) first = { name, row: header?.number ?? 0, columns: new Map(mapped.columns), extra: mapped.extra, header: cells };
            // rows of several values (data without a header), or a sheet going on past the rows
            // searched (the header below them); a short notes sheet of one-cell lines is neither (a review)
            if (mapped.columns.size === 0 && (head.length >= HEADER_SEARCH_ROWS || head.some((r) => r.cells.filter((c) => cellString(c).trim() !== '').length > 1))) headerless.push(name);
          }
          if (isHidden && mapped.missingRequired.length === 0) {
            hiddenData ??= name;
            hidden.push(name);
          }
          if (!isHidden && mapped.missingRequired.length > 0 && mapped.columns.size >= NEAR_MISS_COLUMNS) nearMiss ??= { name, missing: mapped.missingRequired };
          if (isHidden || mapped.missingRequired.length > 0) {
            skip = true; // read on to the end of this sheet (the stream reaches the next one only so)
            return;
          }
          // The first sheet lacks a column by a typo and a later one (last year's archive) has
          // them all: that one loaded without a word, its old rows replacing current records.
          if (nearMiss && wanted === undefined) {
            throw new IngestError(
              `${basename(path)}: sheet '${nearMiss.name}' looks like the data but lacks ${nearMiss.missing.map((c) => `'${c}'`).join(', ')}; sheet '${name}' has every required column. Not loaded: which one is meant?`,
              path,
              undefined,
              nearMiss.missing[0],
              `Fix the header of '${nearMiss.name}' (names in docs/contracts.md), or load the other sheet by name: almp ingest --sheet "${name}" ${basename(path)}`,
            );
          }
          sheetName = name;
          const at = header?.number ?? 0;
          headerRows = subHeader ? `rows ${at}-${at + 1}` : `row ${at}`;
          mapping = new Map(mapped.columns);
          for (const [column, at] of mapping) {
            present.add(column);
            written.set(column, cells[at]?.trim() || column);
          }
          alsoGiven = [...mapped.alsoGiven].flatMap(([column, seconds]) => {
            const first = mapping!.get(column)!;
            return seconds.map((second) => ({ column, second, header: cells[second]?.trim() ?? '', reason: differingColumnsReason(column, cells[first]?.trim() ?? '', cells[second]?.trim() ?? '') }));
          });
          for (const column of mapped.extra) extraColumns.add(column);
          for (const r of head.slice(index + (subHeader ? 2 : 1))) yield* emit(r.number, r.cells);
        };
        for await (const row of sheet) {
          if (skip) continue;
          const cells = rowCells(row as ExcelJS.Row, date1904);
          if (probe) {
            if (holdsValue(cells, probe)) throw emptySheetRefusal(path, kind, sheetName, name);
            continue;
          }
          if (!mapping) {
            // a band of empty formatted rows above the header does not use up the rows searched for it (a review)
            if (head.length === 0 && !cells.some((c) => isUnreadable(c) || cellString(c).trim() !== '')) continue;
            head.push({ number: (row as ExcelJS.Row).number, cells });
            if (head.length >= HEADER_SEARCH_ROWS) yield* decideHeader();
            continue;
          }
          yield* emit((row as ExcelJS.Row).number, cells);
        }
        // a sheet read on for a value (probe) has had its header decided: a second time named it twice in the note (a review)
        if (!mapping && !skip && !probe) yield* decideHeader();
        if (mapping && wanted !== undefined) return;
        if (mapping) loaded = true;
      }
      if (hiddenRead.length > 0) notes.push(hiddenRowsNote(hiddenRead, sheetName));
      if (alsoData.length > 0) notes.push(otherDataSheetsNote(alsoData, sheetName, path));
      if (loaded) return;
      if (wanted !== undefined && !names.some((n) => n.trim().toLowerCase() === wanted)) {
        throw new IngestError(
          `${basename(path)} has no sheet '${options.sheet}'.`,
          path,
          undefined,
          undefined,
          `Its sheets: ${names.map((n) => `'${n}'`).join(', ')}; give one of them with --sheet (case does not matter).`,
        );
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
      if (first && first.columns.size === 0 && headerless.length > 0) throw noHeaderRefusal(path, kind, headerless, HEADER_SEARCH_ROWS, first.header);
      if (first) {
        sheetName = first.name;
        headerRows = `row ${first.row}`;
        for (const column of first.columns.keys()) present.add(column);
        for (const column of first.extra) extraColumns.add(column);
      }
    })()),
  };
  return table;
}

/** Whether a row has a value in one of the cells at `columns` (an error value alone is a template's empty row). */
function holdsValue(cells: readonly Cell[], columns: readonly number[]): boolean {
  return columns.some((i) => {
    const cell = cells[i] ?? null;
    return isUnreadable(cell) ? !cell.error : cell !== null && cell.trim() !== '';
  });
}

/** A record of nothing but empty cells (blank to the validating SELECT as well: spaces only are trimmed there). */
function isEmpty(record: NodeRecord): boolean {
  if (record.cellErrors || record.seconds || record.recordError) return false;
  for (const value of record.values.values()) if (value !== null && !/^ *$/.test(value)) return false;
  return true;
}

/**
 * A truncated or altered workbook fails deep in the unzip or XML reader ('invalid distance too
 * far back', '2:32689: disallowed character in attribute name.'): the sender learns from that
 * neither that the file is damaged nor what to do.
 */
async function* damagedAsSuch(path: string, records: AsyncGenerator<NodeRecord>): AsyncGenerator<NodeRecord> {
  try {
    yield* records;
  } catch (error) {
    if (error instanceof AlmpError) throw error;
    throw new IngestError(
      `${basename(path)} refused: the workbook is damaged (${error instanceof Error ? error.message.trim().replace(/\.$/, '') : String(error)}).`,
      path,
      undefined,
      undefined,
      'Open it in Excel or LibreOffice and save it again as .xlsx, or ask the sender for a new copy.',
    );
  }
}
