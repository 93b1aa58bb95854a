/**
 * Appends records read in Node into a TEMP text table, so XLSX/JSON go through the same
 * validation SQL as CSV. Participant ids are pseudonymised here, before DuckDB sees them:
 * not even the in-memory temp table holds a raw id.
 */
import { KIND_SPECS, type ColumnSpec, type Kind } from '../schema/kinds.ts';
import { type Db, ident } from '../db/database.ts';
import { pseudonymise } from './pseudonym.ts';
import { idCharacterProblem } from './id-characters.ts';
import { separatedKundennummerProblem, totalsRowProblem } from './id-checks.ts';
import { columnsDiffer } from './header-mapping.ts';
import { asExcelShows, pointDecimal, type NodeRecord, type NodeTable } from './node-records.ts';
import type { AlsoGiven, SqlSource } from './validation-sql.ts';
import { lit } from './sql-literal.ts';
import { idText } from './cell-text.ts';

export const STAGE_TABLE = '_ingest_src';
const FLUSH_EVERY = 50_000;

const stageColumn = (name: string) => `c_${name}`;
/** A number's text as written, where the text staged is another ('12,345' staged as '12.345'). */
const writtenColumn = (name: string) => `w_${name}`;

type CellError = { column: string; reason: string };

export async function stageRecords(db: Db, kind: Kind, table: NodeTable, key: Buffer): Promise<{ source: SqlSource; rows: number }> {
  const columns = KIND_SPECS[kind].columns;
  const pidColumns = columns.filter((c) => c.type === 'pid');
  const numbers = columns.filter((c) => c.type === 'int' || c.type === 'decimal');
  const ddl = [...columns.map((c) => `${ident(stageColumn(c.name))} VARCHAR`), ...numbers.map((c) => `${ident(writtenColumn(c.name))} VARCHAR`)].join(', ');
  await db.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} (_row INTEGER, _record_error VARCHAR, _cell_errors VARCHAR, _also_given VARCHAR, ${ddl})`);
  const appender = await db.connection.createAppender(STAGE_TABLE, 'main', 'temp');
  const compared = new Map<string, number>(); // column → the most later values staged for it in one row
  let rows = 0;
  try {
    for await (const record of table.records) {
      appender.appendInteger(record.row);
      if (record.recordError) appender.appendVarchar(record.recordError);
      else appender.appendNull();
      // a participant id is hashed here: what the validation SQL checks in a CSV's raw id is checked now
      const pidErrors = pidColumns.flatMap((column) => {
        const reason = pidProblem(column, pidText(record.values.get(column.name)) ?? '');
        return reason ? [{ column: column.name, reason }] : [];
      });
      const seconds = secondsToCompare(columns, record, key);
      const cellErrors = [...(record.cellErrors ?? []), ...pidErrors, ...seconds.errors];
      if (cellErrors.length) appender.appendVarchar(JSON.stringify(cellErrors));
      else appender.appendNull();
      if (seconds.staged.size) appender.appendVarchar(JSON.stringify(Object.fromEntries(seconds.staged)));
      else appender.appendNull();
      for (const [name, values] of seconds.staged) compared.set(name, Math.max(compared.get(name) ?? 0, values.length));
      for (const column of columns) {
        let text = record.values.get(column.name) ?? null;
        if (column.type === 'pid') text = pidText(text);
        if (text !== null && column.type === 'pid') text = text.trim() === '' || pidErrors.length ? null : pseudonymise(text, key);
        else if (text !== null) text = stagedText(column, text);
        if (text === null) appender.appendNull();
        else appender.appendVarchar(text);
      }
      for (const column of numbers) {
        const written = writtenText(column, record.values.get(column.name) ?? null);
        if (written === undefined) appender.appendNull();
        else appender.appendVarchar(written);
      }
      appender.endRow();
      if (++rows % FLUSH_EVERY === 0) appender.flushSync();
    }
  } finally {
    appender.closeSync();
  }
  const mapped = new Map<string, string>();
  for (const column of columns) if (table.present.has(column.name)) mapped.set(column.name, ident(stageColumn(column.name)));
  const written = new Map(numbers.filter((c) => table.present.has(c.name)).map((c) => [c.name, ident(writtenColumn(c.name))]));
  // the k-th later value of a column: NULL in a row with fewer, which compares nothing
  const staged = (name: string, k: number, field: string) => `json_extract_string(_also_given, ${lit(`$.${name}[${k}].${field}`)})`;
  const alsoGiven: AlsoGiven[] = [...compared].flatMap(([name, count]) =>
    Array.from({ length: count }, (_, k) => ({
      column: name,
      text: staged(name, k, 'text'),
      reason: staged(name, k, 'reason'),
      header: staged(name, k, 'header'),
      firstHeader: lit(table.written.get(name) ?? name),
      written: staged(name, k, 'written'),
    })),
  );
  return {
    rows,
    source: { from: STAGE_TABLE, rowExpr: '_row', columns: mapped, pidHashed: true, decimalMark: '.', writtenColumns: written, recordErrorExpr: '_record_error', cellErrorsExpr: '_cell_errors', alsoGiven },
  };
}

/** A raw participant id as its column reads it (cell-text.ts): what is checked and hashed. */
function pidText(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : idText(text);
}

/** Why a raw participant id cannot be one (the checks the validation SQL makes on a CSV's), or undefined. */
function pidProblem(column: ColumnSpec, text: string): string | undefined {
  return idCharacterProblem(column.name, text) ?? totalsRowProblem(column.name, text) ?? separatedKundennummerProblem(text);
}

/** A value's text as the validation SQL reads it: German numbers with a decimal point, an amount as the sheet shows it. */
function stagedText(column: ColumnSpec, text: string): string {
  let staged = text;
  if (column.type === 'int' || column.type === 'decimal') staged = pointDecimal(staged, column.type === 'decimal');
  if (column.type === 'decimal') staged = asExcelShows(staged);
  return staged;
}

type Staged = { text: string; reason: string; header: string; written?: string };

/**
 * A number's text as the cell holds it (trimmed), where it is read as another: German text
 * read with a point ('12,345' as '12.345'). A number cell's float noise cut (asExcelShows)
 * is not another text. Undefined where the text is read as written.
 */
function writtenText(column: ColumnSpec, text: string | null): string | undefined {
  if (text === null || (column.type !== 'int' && column.type !== 'decimal')) return undefined;
  return pointDecimal(text, column.type === 'decimal') === text ? undefined : text.trim();
}

/**
 * Every later value of each column given twice or more that the validation SQL is to compare
 * with the first once both are converted (a participant id pseudonymised, a German amount
 * with a point), each on its own as a CSV's: with 'Eintritt' 23.09.2024, 'entry_date'
 * 2024-09-23 and 'Eintrittsdatum' 2024-09-24 only the last differs and is named; w, f and F
 * are one gender. One the same as text needs no comparing; a raw id that cannot be one gets
 * its own reason.
 */
function secondsToCompare(columns: readonly ColumnSpec[], record: NodeRecord, key: Buffer): { staged: Map<string, Staged[]>; errors: CellError[] } {
  const staged = new Map<string, Staged[]>();
  const errors: CellError[] = [];
  for (const column of columns) {
    const first = record.values.get(column.name);
    const differing = (record.seconds ?? []).filter((s) => s.column === column.name && columnsDiffer(first, s.text));
    const values: Staged[] = [];
    for (const second of differing) {
      // an empty second gives nothing to compare (a lone apostrophe is Excel's empty text, NULL a SQL tool's)
      const id = column.type === 'pid' ? (idText(second.text) ?? '') : '';
      if (column.type === 'pid' && id.trim() === '') continue;
      const problem = column.type === 'pid' ? pidProblem(column, id) : undefined;
      if (problem) errors.push({ column: column.name, reason: `${problem} (column '${second.header}', which also gives ${column.name})` });
      else if (column.type === 'pid') values.push({ text: pseudonymise(id, key), reason: second.reason, header: second.header });
      else values.push({ text: stagedText(column, second.text), reason: second.reason, header: second.header, written: writtenText(column, second.text) });
    }
    if (values.length) staged.set(column.name, values);
  }
  return { staged, errors };
}
