/**
 * Appends records read in Node into a TEMP text table, so XLSX/JSON go through the same
 * validation SQL as CSV. Participant ids are pseudonymised here, before DuckDB sees them:
 * not even the in-memory temp table holds a raw id.
 */
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';
import { type Db, ident } from '../db/database.ts';
import { pseudonymise } from './pseudonym.ts';
import { idCharacterProblem } from './id-characters.ts';
import { totalsRowProblem } from './id-checks.ts';
import { asExcelShows, pointDecimal, type NodeTable } from './node-records.ts';
import type { SqlSource } from './validation-sql.ts';

export const STAGE_TABLE = '_ingest_src';
const FLUSH_EVERY = 50_000;

const stageColumn = (name: string) => `c_${name}`;

export async function stageRecords(db: Db, kind: Kind, table: NodeTable, key: Buffer): Promise<{ source: SqlSource; rows: number }> {
  const columns = KIND_SPECS[kind].columns;
  const pidColumns = columns.filter((c) => c.type === 'pid');
  const ddl = columns.map((c) => `${ident(stageColumn(c.name))} VARCHAR`).join(', ');
  await db.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} (_row INTEGER, _record_error VARCHAR, _cell_errors VARCHAR, ${ddl})`);
  const appender = await db.connection.createAppender(STAGE_TABLE, 'main', 'temp');
  let rows = 0;
  try {
    for await (const record of table.records) {
      appender.appendInteger(record.row);
      if (record.recordError) appender.appendVarchar(record.recordError);
      else appender.appendNull();
      // a participant id is hashed here: what the validation SQL checks in a CSV's raw id is checked now
      const pidErrors = pidColumns.flatMap((column) => {
        const text = record.values.get(column.name) ?? '';
        const reason = idCharacterProblem(column.name, text) ?? totalsRowProblem(column.name, text);
        return reason ? [{ column: column.name, reason }] : [];
      });
      const cellErrors = [...(record.cellErrors ?? []), ...pidErrors];
      if (cellErrors.length) appender.appendVarchar(JSON.stringify(cellErrors));
      else appender.appendNull();
      for (const column of columns) {
        let text = record.values.get(column.name) ?? null;
        if (text !== null && column.type === 'pid') text = text.trim() === '' || pidErrors.length ? null : pseudonymise(text, key);
        if (text !== null && (column.type === 'int' || column.type === 'decimal')) text = pointDecimal(text, column.type === 'decimal');
        if (text !== null && column.type === 'decimal') text = asExcelShows(text);
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
  return {
    rows,
    source: { from: STAGE_TABLE, rowExpr: '_row', columns: mapped, pidHashed: true, decimalMark: '.', recordErrorExpr: '_record_error', cellErrorsExpr: '_cell_errors' },
  };
}
