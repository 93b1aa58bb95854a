/**
 * The text of a worksheet row's cells as Excel shows them: date cells as ISO text, numbers
 * with a decimal point, formulas by their stored result (a date when the cell is formatted
 * as one). A cell with nothing to read — a formula whose result was never stored, an error
 * value such as #NV — is an UnreadableCell: its reason rejects the row (read-xlsx.ts).
 */
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { dateCellText, valueText, type CellText } from './node-records.ts';

const require = createRequire(import.meta.url);
// exceljs's own test for a date format and serial-number conversion, as its reader applies
// them to plain cells (it does not to formula results)
const { isDateFmt, excelToDate } = require('exceljs/lib/utils/utils.js') as {
  isDateFmt(numFmt: string | undefined): boolean;
  excelToDate(serial: number, date1904: boolean): Date;
};

export interface UnreadableCell {
  readonly address: string;
  readonly reason: string;
  /** An error value Excel calculated (#NV): in a row with no other value, that row is empty. */
  readonly error: boolean;
}
export type Cell = CellText | UnreadableCell;

export const isUnreadable = (cell: Cell | undefined): cell is UnreadableCell => typeof cell === 'object' && cell !== null;

/** Header cells and title rows: an unreadable cell names no column. */
export const cellString = (cell: Cell | undefined): string => (typeof cell === 'string' ? cell : '');

/** Excel stores the English error codes; German Excel shows these names. */
const GERMAN_ERRORS: Readonly<Record<string, string>> = { '#N/A': '#NV', '#VALUE!': '#WERT!', '#REF!': '#BEZUG!', '#NUM!': '#ZAHL!' };

/**
 * A plain cell whose `<v>` holds no number exceljs reads as NaN, or in a date-formatted cell
 * as an invalid Date. An empty `<v></v>` is removed before (xlsx-date-cells.ts); text such as
 * 'k.A.' where a number is stored is rejected with its row: NaN reaches the check as 'NaN',
 * an invalid Date as the text below (it refused the whole file: 'Invalid time value').
 */
const isInvalidDate = (value: ExcelJS.CellValue): boolean => value instanceof Date && Number.isNaN(value.getTime());
const NOT_A_DATE = 'no date (the cell stores text where Excel keeps a date)';

/**
 * Characters XML cannot hold, or that would not survive it (a carriage return), Excel stores in
 * text as `_xHHHH_`, the character's UTF-16 code in hex, and a text that itself reads '_x0041_'
 * with its underscore escaped: '_x005F_x0041_' (ECMA-376 Part 1 §22.9.2.19, ST_Xstring; how
 * Excel reads them: https://learn.microsoft.com/en-us/openspecs/office_standards/ms-oi29500/d34ae755-c53f-4a44-a363-c6dd3ee018a4).
 * exceljs's streaming reader keeps them as stored: a line break pasted in from another program
 * loaded as 'Zeile 1_x000D_', and a Kundennummer was pseudonymised with the escape in it. One
 * pass from the left, as Excel reads them: an escaped underscore does not start another escape.
 */
const X_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
const unescaped = (text: string): string => (text.includes('_x') ? text.replace(X_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text);

/** Text of an exceljs cell value: rich text, links; formulas and errors are read by rowCells. */
export function cellText(value: ExcelJS.CellValue): CellText {
  if (value === null || value === undefined) return null;
  if (isInvalidDate(value)) return NOT_A_DATE;
  if (value instanceof Date) return dateCellText(value);
  if (typeof value === 'string') return unescaped(value);
  if (typeof value === 'object') {
    if ('richText' in value) return unescaped(value.richText.map((part) => part.text).join(''));
    if ('text' in value) return unescaped(String(value.text));
  }
  return valueText(value);
}

export function rowCells(row: ExcelJS.Row, date1904: boolean): Cell[] {
  const values = row.values as ExcelJS.CellValue[]; // 1-based, sparse
  const cells: Cell[] = [];
  for (let i = 1; i < values.length; i++) {
    const value = values[i] ?? null;
    if (isInvalidDate(value)) cells.push(NOT_A_DATE);
    else if (typeof value === 'number') cells.push(numberAsShown(value, row.getCell(i).numFmt));
    else if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) cells.push(formulaResult(row.getCell(i), value, date1904));
    else if (value && typeof value === 'object' && 'error' in value) cells.push(errorCell(row.getCell(i), String(value.error)));
    else cells.push(cellText(value));
  }
  return cells;
}

/**
 * A formula's stored result. exceljs gives a result that was stored as an error (t="e") as
 * NaN (on the cell, not in its value), and none at all when the file stores no result. A
 * filled-down formula is stored once and shared by the cells below (`<f t="shared" si="0"/>`):
 * those exceljs keeps as a plain value {formula: '', result}.
 */
function formulaResult(cell: ExcelJS.Cell, value: { result?: unknown }, date1904: boolean): Cell {
  const result = value.result !== undefined ? value.result : (cell as unknown as { result?: unknown }).result;
  if (result === undefined) {
    return {
      address: cell.address,
      reason:
        'a formula without a stored result (the file was written by a program that does not calculate): open the file in Excel or LibreOffice, save it, and load it again',
      error: false,
    };
  }
  if (typeof result === 'number' && Number.isNaN(result)) return errorCell(cell, undefined);
  if (typeof result === 'number' && isDateFmt(cell.numFmt)) return dateCellText(excelToDate(result, date1904));
  if (typeof result === 'number') return numberAsShown(result, cell.numFmt);
  if (result && typeof result === 'object' && 'error' in result) return errorCell(cell, String(result.error));
  return cellText(result as ExcelJS.CellValue);
}

/** An error value; `code` as stored, unknown when exceljs read a formula's error result. */
function errorCell(cell: ExcelJS.Cell, code: string | undefined): UnreadableCell {
  const shown = code === undefined ? 'an Excel error (#NV, #WERT!, #DIV/0! …)' : `the Excel error ${code}${GERMAN_ERRORS[code] ? ` (${GERMAN_ERRORS[code]} in German Excel)` : ''}`;
  return { address: cell.address, reason: `${shown} instead of a value: correct the formula or the value and load the file again`, error: true };
}

/**
 * A whole number in a cell formatted with zeros only ('00000') reads as Excel shows it:
 * the usual way an id like 06411 is kept in a number cell.
 */
function numberAsShown(value: number, numFmt: string | undefined): CellText {
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(value) && value >= 0) return String(value).padStart(numFmt.length, '0');
  return valueText(value);
}
