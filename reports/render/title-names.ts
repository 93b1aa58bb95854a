/**
 * Which cells head a table, for a screen reader. Excel itself does not say: JAWS and NVDA
 * read a cell's column and row headers before its value only where a defined name marks
 * them — `Title` (both), `ColumnTitle` or `RowTitle` on the header cells, then `..` and the
 * region's last cell (JAWS' convention; NVDA reads it and writes its own per sheet). A name
 * over two header rows has both read ("Zuweisungen Q2"; a merged group from its first
 * cell), over several label columns all of them ("06411-0002 45_MAG 001053").
 */
import type ExcelJS from 'exceljs';
import { columnLetter } from './placement.ts';

export interface TitleName {
  readonly kind: 'Title' | 'ColumnTitle' | 'RowTitle';
  /** The header cells, 1-based [top, left, bottom, right]: the header rows over the label columns. */
  readonly header: readonly [number, number, number, number];
  /** The region's last cell [row, column]: the notes below a table are not read as its figures. */
  readonly end: readonly [number, number];
}

interface DefinedName {
  readonly name: string;
  readonly ranges: string[];
  readonly localSheetId: number;
}

const cell = (row: number, col: number): string => `$${columnLetter(col - 1)}$${row}`;

export function definedName(sheet: string, sheetIndex: number, t: TitleName): DefinedName {
  const [top, left, bottom, right] = t.header;
  const at = top === bottom && left === right ? cell(top, left) : `${cell(top, left)}:${cell(bottom, right)}`;
  return {
    name: `${t.kind}..${columnLetter(t.end[1] - 1)}${t.end[0]}`,
    ranges: [`'${sheet.replaceAll("'", "''")}'!${at}`],
    localSheetId: sheetIndex,
  };
}

/**
 * Hands the names to exceljs' streaming writer, whose DefinedNames are workbook-wide only
 * (no localSheetId): per sheet, two sheets of one layout (the ESF+ sheets per gender) can
 * carry the same name. The writer renders whatever list this getter returns, after its own.
 */
export function addSheetNames(wb: ExcelJS.stream.xlsx.WorkbookWriter, names: readonly DefinedName[]): void {
  const store = (wb as unknown as { _definedNames: object })._definedNames;
  const own = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(store), 'model')!.get!;
  Object.defineProperty(store, 'model', { get: () => [...(own.call(store) as DefinedName[]), ...names], configurable: true });
}
