/**
 * Records read in Node (XLSX, JSON, NDJSON) before they reach DuckDB: every value is
 * normalised to text the way the CSV path sees it (dates → ISO, arrays → '|' lists),
 * so both paths share one validation SQL.
 */
import { bareAmount } from './value-shapes.ts';

export type CellText = string | null;

export interface NodeRecord {
  /** Row number a person finds in the file (spreadsheet row, array position, NDJSON line). */
  readonly row: number;
  /** Canonical column name → text. */
  readonly values: ReadonlyMap<string, CellText>;
  /** A reason that rejects the whole record (a line that is not JSON), if any. */
  readonly recordError?: string;
  /** Cells with nothing to read (a formula without result, #NV): each rejects the record, naming its column. */
  readonly cellErrors?: readonly { readonly column: string; readonly reason: string }[];
  /** Non-empty values of later columns (or keys) of a meaning already read, to compare with it once converted (stage-records.ts). */
  readonly seconds?: readonly SecondValue[];
}

/** A value of a second column of one meaning ('entry_date' beside 'Eintritt'). */
export interface SecondValue {
  readonly column: string;
  readonly text: string;
  /** Its header cell or key. */
  readonly header: string;
  /** The reason if it is another value than the first column's (differingColumnsReason). */
  readonly reason: string;
}

export interface NodeTable {
  readonly records: AsyncIterable<NodeRecord>;
  /** Canonical columns seen in the file (known when `records` is exhausted). */
  readonly present: Set<string>;
  /** Names that match no column (ignored, reported once). */
  readonly extra: Set<string>;
  /** Each column's header cell or key as the file writes it (for reject messages). */
  readonly written: Map<string, string>;
  /** For the ledger, e.g. "sheet 'Tabelle1', header in row 3". */
  readonly describe: () => string;
  /** What the user should know about the file beyond its rows (known when `records` is exhausted). */
  readonly notes?: readonly string[];
}

const DAY_MS = 86_400_000;
/**
 * A serial computed in a sheet carries floating-point noise (45658.00000000001, a few µs),
 * which exceljs's rounding to the millisecond takes off: only that is midnight. Within a
 * second was too wide — an end-of-day time (31.12.2024 23:59:59, 23:59:59.997 from SQL
 * Server), which Excel shows as 31.12.2024, loaded as 01.01.2025 and moved its exit into the
 * next year (a calendar audit); it is a time of day, rejected as the same text in a CSV is.
 */
const MIDNIGHT_SLACK_MS = 0;

/**
 * Text of a spreadsheet date cell (exceljs reads the serial as UTC, so the time of day is
 * the one Excel shows): the ISO date when the time is 00:00 to the millisecond; else the
 * date and the time ('2025-02-01 12:00'), which validation rejects as it does the same text
 * in a CSV (one rule: dateFromText and unreadable() in validation-sql.ts). Cutting the time
 * off loaded 01.02.2025 12:00 as 1 February without a word.
 */
export function dateCellText(date: Date): string {
  const ms = date.getTime();
  const midnight = Math.round(ms / DAY_MS) * DAY_MS;
  if (Math.abs(ms - midnight) <= MIDNIGHT_SLACK_MS) return new Date(midnight).toISOString().slice(0, 10);
  // to the second down, as Excel shows a time: 23:59:59.997 rounded up read 'the next day 00:00'
  const text = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  return `${text.slice(0, 10)} ${text.slice(11, text.slice(17, 19) === '00' ? 16 : 19)}`;
}

/** Text of a JSON or spreadsheet value; arrays become '|' lists ({code, status} → CODE:status). */
export function valueText(value: unknown): CellText {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  // 1e309 in a JSON file parses to Infinity: as text ('Infinity') validation rejects it as
  // not a number, where an empty value would have loaded as 'not given'
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : dateCellText(value);
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (item && typeof item === 'object' && 'code' in item) {
          const goal = item as { code: unknown; status?: unknown };
          return `${valueText(goal.code) ?? ''}:${valueText(goal.status) ?? ''}`;
        }
        return valueText(item) ?? '';
      })
      .join('|');
  }
  return JSON.stringify(value);
}

/**
 * A number (a spreadsheet number cell, a JSON number) as text that pointDecimal leaves as it
 * is: 1.125 and 123.456 are written '1.1250' and '123.4560', since '1.125' is also how German
 * text writes 1125 — read that way, a cost cell holding 123.456 became 123456 and 1.125 sick
 * days 1125 (rejected now as not a whole number, as 1.5 is).
 */
export function numberText(value: number): string {
  const text = String(value);
  return /^[+-]?\d{1,3}\.\d{3}$/.test(text) ? `${text}0` : text;
}

/**
 * A computed number's binary noise (0.1 + 0.2 = 0.30000000000000004, 1469.0600000000002)
 * cut to the 15 significant digits Excel works with and shows
 * (https://learn.microsoft.com/en-us/office/troubleshoot/excel/floating-point-arithmetic-inaccurate-result):
 * an amount checked for a third decimal is checked as the sheet shows it. Text with fewer
 * digits is left as it is.
 */
export function asExcelShows(text: string): string {
  if (!/^[+-]?\d+\.\d+$/.test(text) || text.replace(/^[+-]?0*|\./g, '').length <= 15) return text;
  return String(Number(Number(text).toPrecision(15)));
}

/**
 * German-written numbers in text cells ('1.234,50', '12,5') → '1234.50'; Node sources are
 * read with a decimal point, and spreadsheet number cells already are. An `amount` may have
 * the euro sign before it and spaces between its thousands ('€ 1 234,50': bareAmount).
 */
export function pointDecimal(text: string, amount = false): string {
  const t = amount ? bareAmount(text) : text.trim().replace(/\s*(€|EUR)$/i, '');
  if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t) || /^[+-]?\d+,\d+$/.test(t)) return t.replaceAll('.', '').replace(',', '.');
  return text;
}
