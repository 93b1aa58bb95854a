/**
 * Appends records read in Node into a TEMP text table, so XLSX/JSON go through the same
 * validation SQL as CSV. Participant ids are pseudonymised here, before DuckDB sees them:
 * not even the in-memory temp table holds a raw id.
 */
import { KIND_SPECS, type ColumnSpec, type Kind } from '../schema/kinds.ts';
import { type Db, ident } from '../db/database.ts';
import { pseudonymise } from './pseudonym.ts';
import { idCharacterProblem } from './id-characters.ts';
import { totalsRowProblem } from './id-checks.ts';
import { columnsDiffer } from './header-mapping.ts';
import { asExcelShows, pointDecimal, type NodeRecord, type NodeTable } from './node-records.ts';
import type { AlsoGiven, SqlSource } from './validation-sql.ts';
import { lit } from './sql-literal.ts';

export const STAGE_TABLE = '_ingest_src';
const FLUSH_EVERY = 50_000;

const stageColumn = (name: string) => `c_${name}`;

type CellError = { column: string; reason: string };

export async function stageRecords(db: Db, kind: Kind, table: NodeTable, key: Buffer): Promise<{ source: SqlSource; rows: number }> {
  const columns = KIND_SPECS[kind].columns;
  const pidColumns = columns.filter((c) => c.type === 'pid');
  const ddl = columns.map((c) => `${ident(stageColumn(c.name))} VARCHAR`).join(', ');
  await db.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} (_row INTEGER, _record_error VARCHAR, _cell_errors VARCHAR, _also_given VARCHAR, ${ddl})`);
  const appender = await db.connection.createAppender(STAGE_TABLE, 'main', 'temp');
  const compared = new Set<string>(); // columns a second value was staged for
  let rows = 0;
  try {
    for await (const record of table.records) {
      appender.appendInteger(record.row);
      if (record.recordError) appender.appendVarchar(record.recordError);
      else appender.appendNull();
      // a participant id is hashed here: what the validation SQL checks in a CSV's raw id is checked now
      const pidErrors = pidColumns.flatMap((column) => {
        const reason = pidProblem(column, record.values.get(column.name) ?? '');
        return reason ? [{ column: column.name, reason }] : [];
      });
      const seconds = secondsToCompare(columns, record, key);
      const cellErrors = [...(record.cellErrors ?? []), ...pidErrors, ...seconds.errors];
      if (cellErrors.length) appender.appendVarchar(JSON.stringify(cellErrors));
      else appender.appendNull();
      if (seconds.staged.size) appender.appendVarchar(JSON.stringify(Object.fromEntries(seconds.staged)));
      else appender.appendNull();
      for (const name of seconds.staged.keys()) compared.add(name);
      for (const column of columns) {
        let text = record.values.get(column.name) ?? null;
        if (text !== null && column.type === 'pid') text = text.trim() === '' || pidErrors.length ? null : pseudonymise(text, key);
        else if (text !== null) text = stagedText(column, text);
        if (text === null) appender.appendNull();
        else appender.appendVarchar(text);
      }
      appender.endRow();
      if (++rows % FLUSH_EVERY === 0) appender.flushSync();
    }
  } finally {
    appender.closeSync();
  }
  const mapped = new Map<string, string>();
  for (const column of columns) if (table.present.has(column.name)) mapped.set(column.name, ident(stageColumn(column.name)));
  const staged = (name: string, field: string) => `json_extract_string(_also_given, ${lit(`$.${name}.${field}`)})`;
  const alsoGiven: AlsoGiven[] = [...compared].map((name) => ({ column: name, text: staged(name, 'text'), reason: staged(name, 'reason'), header: staged(name, 'header') }));
  return {
    rows,
    source: { from: STAGE_TABLE, rowExpr: '_row', columns: mapped, pidHashed: true, decimalMark: '.', recordErrorExpr: '_record_error', cellErrorsExpr: '_cell_errors', alsoGiven },
  };
}

/** Why a raw participant id cannot be one (the checks the validation SQL makes on a CSV's), or undefined. */
function pidProblem(column: ColumnSpec, text: string): string | undefined {
  return idCharacterProblem(column.name, text) ?? totalsRowProblem(column.name, text);
}

/** A value's text as the validation SQL reads it: German numbers with a decimal point, an amount as the sheet shows it. */
function stagedText(column: ColumnSpec, text: string): string {
  let staged = text;
  if (column.type === 'int' || column.type === 'decimal') staged = pointDecimal(staged, column.type === 'decimal');
  if (column.type === 'decimal') staged = asExcelShows(staged);
  return staged;
}

/**
 * The second value of each column given twice that the validation SQL is to compare with the
 * first once both are converted (a participant id pseudonymised, a German amount with a
 * point). One the same as text needs no comparing. Where two later columns hold two other
 * texts, the row is rejected as differing without converting (three columns of one meaning
 * that disagree in writing are not reconciled); a raw id that cannot be one gets its own reason.
 */
function secondsToCompare(columns: readonly ColumnSpec[], record: NodeRecord, key: Buffer): { staged: Map<string, { text: string; reason: string; header: string }>; errors: CellError[] } {
  const staged = new Map<string, { text: string; reason: string; header: string }>();
  const errors: CellError[] = [];
  for (const column of columns) {
    const first = record.values.get(column.name);
    const differing = (record.seconds ?? []).filter((s) => s.column === column.name && columnsDiffer(first, s.text));
    const [second] = differing;
    if (second === undefined) continue;
    if (new Set(differing.map((s) => s.text.trim())).size > 1) {
      errors.push({ column: column.name, reason: second.reason });
      continue;
    }
    const problem = column.type === 'pid' ? pidProblem(column, second.text) : undefined;
    if (problem) errors.push({ column: column.name, reason: `${problem} (column '${second.header}', which also gives ${column.name})` });
    else staged.set(column.name, { text: column.type === 'pid' ? pseudonymise(second.text, key) : stagedText(column, second.text), reason: second.reason, header: second.header });
  }
  return { staged, errors };
}
