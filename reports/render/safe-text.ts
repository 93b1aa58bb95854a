/**
 * Text that a spreadsheet could read as a formula (OWASP "CSV/formula injection": a leading
 * =, +, -, @, tab or carriage return) gets a leading apostrophe. The cell is also written as
 * a shared string (an explicit string type), so it is text in the xlsx itself; the prefix
 * keeps it text when someone exports the sheet to CSV and opens that elsewhere.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
