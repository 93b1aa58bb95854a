/**
 * Text as a spreadsheet cell can hold it.
 *
 * Text that a spreadsheet could read as a formula (OWASP "CSV/formula injection": a leading
 * =, +, -, @, tab or carriage return) gets a leading apostrophe. The cell is also written as
 * a shared string (an explicit string type), so it is text in the xlsx itself; the prefix
 * keeps it text when someone exports the sheet to CSV and opens that elsewhere. (Excel's
 * hidden quote prefix, a cell style attribute, exceljs cannot write: the apostrophe shows.)
 *
 * Text longer than Excel's 32,767 characters per cell is cut, saying so: a provider's name
 * of 35,000 characters loaded (the ingest's cell limit is 64 KB) and made a cell Excel
 * repairs the workbook for.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export const CELL_MAX = 32_767;

/** Text for a returns' cell: never a formula, never longer than a cell. */
export function safeText(text: string): string {
  return cutToCell(formulaSafe(text), '', text);
}

/** The apostrophe alone (a writer that cuts with its own hint). */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Text cut to a cell's 32,767 characters (UTF-16 units, as Excel counts), saying so (`hint`:
 * where the whole text is); the note counts the characters of `original` as a reader does.
 */
export function cutToCell(text: string, hint = '', original = text): string {
  if (text.length <= CELL_MAX) return text;
  const note = ` … [gekürzt: ${Array.from(original).length.toLocaleString('de-DE')} Zeichen, eine Zelle fasst ${CELL_MAX.toLocaleString('de-DE')}${hint}]`;
  let head = text.slice(0, CELL_MAX - note.length);
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return head + note;
}
