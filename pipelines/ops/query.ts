/**
 * `almp query "<sql>"`: ad-hoc SQL against the published snapshot, opened read-only, so
 * it never waits for or blocks the writer. External access (reading or writing other
 * files, ATTACH) is switched off for the session: the answer is on the screen only.
 */
import type { Effects } from '../effects.ts';
import { withReadOnlyDb } from '../commands/open-db.ts';
import type { Db } from '../db/database.ts';
import { requireSnapshot } from './snapshot.ts';
import { AlmpError, CliError } from '../errors.ts';
import { formulaSafe } from '../../reports/render/safe-text.ts';
import { isTypedValue, NUMBER_TYPE } from './value-types.ts';
import { queryToXlsx, XLSX_MAX_ROWS } from './rows-xlsx-stream.ts';
import { writeRowsAsText } from './rows-text-stream.ts';
import { rowsProgress } from '../db/whole-stream.ts';
import { rows as rowCount } from '../counts.ts';

/** Formats printed as text; xlsx is a workbook's bytes (rows-xlsx-stream.ts says why CSV is not for Excel). */
export type TextFormat = 'table' | 'csv' | 'json';
export type QueryFormat = TextFormat | 'xlsx';

export interface QueryOptions {
  readonly sql: string;
  readonly snapshots: string;
  /** The database asked about (--db): the snapshot must be a copy of it. */
  readonly db?: string;
  readonly format: QueryFormat;
  /** Rows printed at most (table format); the count of all rows is always shown. */
  readonly maxRows: number;
  /** The schedule's timezone: a workbook shows times in it (rows-xlsx-stream.ts). */
  readonly timezone?: string;
}

/**
 * The rows, printed or as a workbook; returns the rows printed (none for a workbook: written
 * from DuckDB a chunk at a time, refused before a row is read when they do not fit a sheet).
 */
export async function queryCommand(options: QueryOptions, effects: Effects): Promise<Record<string, unknown>[]> {
  const path = requireSnapshot(options.snapshots, options.db);
  const result = await withReadOnlyDb(path, async (db) => {
    await setBuildVariables(db);
    await db.run('SET enable_external_access = false');
    await db.run('SET lock_configuration = true');
    try {
      // one statement: of several, DuckDB would show the result of one only
      const statements = (await db.connection.extractStatements(options.sql)).count;
      if (statements > 1) {
        throw new AlmpError(`almp query runs one statement; the text holds ${statements}.`, 'Run each statement with its own almp query.');
      }
      if (options.format === 'xlsx') {
        await queryToXlsx(db, options.sql, { sheetName: 'Abfrage', timezone: options.timezone, tooMany: tooManyForSheet, progress: (n) => effects.progress('Rows', n) }, (bytes) => effects.outBytes(bytes));
        return undefined;
      }
      if (options.format === 'table') return await firstRows(db, options.sql, options.maxRows);
      await writeRowsAsText(db, options.sql, options.format, (text) => effects.out(text), (total) => rowsProgress(effects, total));
      return undefined;
    } catch (error) {
      if (error instanceof AlmpError) throw error;
      throw new AlmpError(`The query failed: ${(error as Error).message}`, `It ran read-only on the snapshot ${path}; the tables are in schemas mart, core, staging, raw, ref and meta (try: SELECT * FROM information_schema.tables).`);
    }
  });
  if (!result) return [];
  for (const line of render(result.rows, { format: 'table', maxRows: options.maxRows, total: result.total, columns: result.columns })) effects.out(line);
  return result.rows;
}

/**
 * The rows a table shows, asked of DuckDB with a LIMIT: reading the whole result for its
 * first 200 rows took all 10^6 participations into Node (5.7 GB, 47 s). Counted only when
 * there are more (a count of its own, columns left out); a statement that cannot be a
 * subquery (a PRAGMA) is read whole.
 */
export async function firstRows(db: Db, sql: string, maxRows: number): Promise<{ columns: { name: string; type: string }[]; rows: Record<string, unknown>[]; total: number }> {
  const inner = await db.asSubquery(sql);
  if (inner === undefined) {
    const whole = await db.jsonTyped(sql);
    return { ...whole, total: whole.rows.length };
  }
  const limit = Math.max(0, Math.floor(maxRows));
  const first = await db.jsonTyped(`SELECT * FROM (\n${inner}\n) LIMIT ${limit + 1}`);
  const total = first.rows.length > limit ? await db.scalar(`SELECT count(*) FROM (\n${inner}\n)`) : first.rows.length;
  return { columns: first.columns, rows: first.rows.slice(0, limit), total };
}

/** Said before a row is read: the workbook was built from all rows in memory (10^6: out of memory at 6 GB). */
function tooManyForSheet(rows: number): CliError {
  return new CliError(
    `${rowCount(rows)} do not fit one worksheet (at most ${XLSX_MAX_ROWS.toLocaleString('de-DE')} lines); nothing was written.`,
    'Narrow the query (WHERE, GROUP BY, LIMIT), or write all rows with --format csv > abfrage.csv (comma-separated, UTF-8: in Excel through Daten > Aus Text/CSV), or almp export --format parquet for tables of this size.',
  );
}

/**
 * The staging and core views read the build's as-of and disclosure threshold from session
 * variables, which the model runner sets; in a fresh session they were null, and
 * `SELECT count(*) FROM staging.participations` answered 0 (every date compared with null)
 * while core's window views counted every window as open. The snapshot's marts say which
 * values they were built with (mart.return_disclosure); a snapshot without them keeps null.
 */
async function setBuildVariables(db: Db): Promise<void> {
  const built = await db.one("SELECT 1 FROM information_schema.tables WHERE table_schema = 'mart' AND table_name = 'return_disclosure'");
  if (!built) return;
  await db.run('SET VARIABLE as_of = (SELECT as_of FROM mart.return_disclosure)');
  await db.run('SET VARIABLE suppression_threshold = (SELECT suppression_threshold FROM mart.return_disclosure)');
}

interface RenderOptions {
  readonly format: TextFormat;
  readonly maxRows: number;
  /** All rows of the result, when `rows` holds only the first of them (the table's count line). */
  readonly total?: number;
  /** The count line's noun: '12 rows' unless given ('12 reasons'). */
  readonly counted?: (n: number) => string;
  /** The result's column types, when known: the table heads a time column with its zone. */
  readonly columns?: readonly { readonly name: string; readonly type: string }[];
}

export function render(rows: readonly Record<string, unknown>[], options: RenderOptions): string[] {
  const typed: readonly ResultColumn[] = options.columns ?? (rows.length > 0 ? Object.keys(rows[0]!).map((name) => ({ name })) : []);
  const columns = typed.map((c) => c.name);
  if (options.format === 'json') return [rows.length === 0 ? '[]' : `[\n${rows.map((r) => `  ${jsonObject(r, typed).replaceAll('\n', '\n  ')}`).join(',\n')}\n]`];
  // CSV is the machine format (RFC 4180: comma, UTF-8 without BOM, ISO dates, decimal
  // point); a list for Excel is --format xlsx. Someone may still open the CSV in a
  // spreadsheet: text from input files that starts like a formula is kept text there
  if (options.format === 'csv') return [csvHead(typed), ...rows.map((r) => csvLine(r, typed))];
  if (rows.length === 0) return ['(no rows)'];
  const shown = rows.slice(0, options.maxRows);
  // the last column runs on to the end of its line (a reject's reason ends with what to do);
  // a value without a space is an id or key someone looks up: both whole, the rest clipped
  const cells = shown.map((r) => columns.map((c, i) => (i === columns.length - 1 ? flat(text(r[c])) : clip(text(r[c])))));
  const heads = columns.map((c) => headOf(c, options.columns));
  const widths = heads.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const total = options.total ?? rows.length;
  const more = total > shown.length ? ` (first ${shown.length.toLocaleString('de-DE')} shown)` : '';
  return [line(heads), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), `${(options.counted ?? rowCount)(total)}${more}`];
}

/**
 * One row as JSON.stringify(row, null, 2) writes it, its keys in the result's order (an
 * object puts keys that read as numbers, '2024', first), a BIGINT or DECIMAL as the number
 * it is where a reader's double holds it: it arrives as a string to keep its digits, and a
 * count written "12" compared as text in a script (jq's `.n > 10` is true for every
 * string). Beyond 15 significant digits it stays a string, as the workbook keeps it text
 * (JSON.parse read 9007199254740993 as …992); inside a list or struct values stay as they came.
 */
export function jsonObject(row: Record<string, unknown>, columns: readonly ResultColumn[]): string {
  if (columns.length === 0) return '{}';
  return `{\n${columns.map(({ name, type }) => `  ${JSON.stringify(name)}: ${jsonValue(row[name], type).replaceAll('\n', '\n  ')}`).join(',\n')}\n}`;
}

function jsonValue(value: unknown, type: string | undefined): string {
  if (typeof value === 'string' && type && NUMBER_TYPE.test(type) && JSON_NUMBER.test(value) && doubleHolds(value)) return value;
  return JSON.stringify(value ?? null, null, 2) ?? 'null';
}

/** A reader's double holds the number exactly as written: a whole one is a safe integer, a decimal has at most 15 significant digits. */
function doubleHolds(value: string): boolean {
  if (!value.includes('.')) return Number.isSafeInteger(Number(value)); // 12345678901234500000 read as …499584
  return value.replace(/^-?|\./g, '').replace(/^0+/, '').replace(/0+$/, '').length <= 15;
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** A result's column: its name as the rows are keyed, its DuckDB type when known. */
export interface ResultColumn {
  readonly name: string;
  readonly type?: string;
}

/** CSV's header line: the column names. */
export function csvHead(columns: readonly ResultColumn[]): string {
  return columns.map((c) => csvField(c.name)).join(',');
}

/** One row as a CSV line (RFC 4180, comma; see render). */
export function csvLine(row: Record<string, unknown>, columns: readonly ResultColumn[]): string {
  return columns.map((c) => csvField(csvText(row[c.name], c.type))).join(',');
}

/**
 * almp stores its times (loaded_at, started_at …) as TIMESTAMP in UTC, and the table
 * prints them as stored: '2026-12-04 09:43:00' read as Berlin time beside `almp status`
 * (which shows the wall clock) is an hour off, two in summer. The head says so; csv and
 * json keep the bare column names that scripts select by.
 */
function headOf(name: string, types: RenderOptions['columns']): string {
  const type = types?.find((c) => c.name === name)?.type ?? '';
  return type === 'TIMESTAMP' || type.startsWith('TIMESTAMP_') || type === 'TIMESTAMP WITH TIME ZONE' ? `${name} (UTC)` : name;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Text that starts like a formula gets its apostrophe; a value of a type is no one's text (value-types.ts). */
function csvText(value: unknown, type: string | undefined): string {
  return typeof value === 'string' && !isTypedValue(type) ? formulaSafe(value) : text(value);
}

function flat(value: string): string {
  return value.replace(/\s+/g, ' ');
}

function clip(value: string): string {
  const one = flat(value);
  return one.length > 60 && one.includes(' ') ? `${one.slice(0, 59)}…` : one;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
