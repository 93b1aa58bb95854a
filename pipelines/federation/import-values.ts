/**
 * An export's raw records go through the ingest's validation query (validation-sql.ts), as
 * any input file does: the export comes from another machine, and what it holds is stored
 * and published here. A crafted export stored a raw participant id, Jobcenter '*', exit
 * reason 99 and dates in 2999. The Parquet columns are read as the text an ingest would
 * read, so codes, dates, ranges and ids get the same checks and the same normal forms;
 * participant ids must already be pseudonyms (the import has no raw ids to hash). Provider
 * free text is left out, whoever wrote it into the file.
 */
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { parseQuery } from '../ingest/load-file.ts';
import { plannedLightly, plansLightly } from '../ingest/light-planning.ts';
import type { SqlSource } from '../ingest/validation-sql.ts';
import { KIND_SPECS, type ColumnSpec, type Kind } from '../schema/kinds.ts';

/** The validation query over a kind's Parquet file (bound parameter `file`), with its parameters. */
export async function exportQuery(db: Db, kind: Kind, file: string, key: Buffer) {
  const types = new Map(
    (await db.all<{ column_name: string; column_type: string }>('DESCRIBE SELECT * FROM read_parquet($file)', { file })).map((r) => [r.column_name, r.column_type]),
  );
  const columns = new Map<string, string>();
  for (const c of KIND_SPECS[kind].columns) {
    // Provider free text may hold personal data and is never exported (contracts.md); an
    // export of an older almp still carried it, and the state stored 282 of the samples' texts.
    if (c.freeText) continue;
    const type = types.get(c.name);
    if (type !== undefined) columns.set(c.name, asText(c, type));
  }
  const source: SqlSource = {
    from: 'read_parquet($file, file_row_number = true)',
    rowExpr: '(file_row_number + 1)',
    columns,
    pidHashed: true,
    pidPseudonyms: true,
    storedValues: true,
    decimalMark: '.',
  };
  // every column an export writes, not only the required ones: an export that lost one
  // (gender, exit_reason) loaded it as empty and moved the figures without a word
  const missing = KIND_SPECS[kind].columns.filter((c) => !c.freeText && !types.has(c.name)).map((c) => c.name);
  return { ...(await parseQuery(db, kind, source, key, { file })), missing };
}

/** A column of the Parquet file as the text an ingest reads (lists '|'-separated, as in a CSV). */
function asText(c: ColumnSpec, type: string): string {
  const x = ident(c.name);
  if (type.endsWith('[]')) {
    return c.type === 'goal_list' && type.startsWith('STRUCT')
      ? `array_to_string(list_transform(${x}, g -> g.code || ':' || g.status), '|')`
      : `array_to_string(${x}, '|')`;
  }
  if (c.type === 'month' && type === 'DATE') return `strftime(${x}, '%Y-%m')`;
  return `CAST(${x} AS VARCHAR)`;
}

const stagedName = (name: string) => ident(`_import_${name}`);

/** The TEMP table holding the checked, typed rows of an export's raw file (named as in the manifest, without `raw.`) until they load. */
export function stagedTable(name: string): string {
  return `temp.${stagedName(name)}`;
}

/**
 * Reads a kind's file through the validation query into its TEMP table (once: the rows that
 * load are the rows checked, in their normal forms) and says what an ingest would refuse, as
 * lines `raw.<kind>.<column>: <n> rows (first: row <r>): <reason>` — counts, never values (a
 * value may be a raw participant id). Empty when every row is good.
 */
export async function stageAndCheck(db: Db, kind: Kind, file: string, key: Buffer, name: string = kind): Promise<string[]> {
  let query;
  try {
    query = await exportQuery(db, kind, file, key);
    if (query.missing.length > 0) return [`raw/${name}.parquet lacks the column ${query.missing.join(', ')}`];
    const { sql, params } = query;
    await plannedLightly(db, plansLightly(file, true), () => db.run(`CREATE OR REPLACE TEMP TABLE ${stagedName(name)} AS ${sql}`, params));
  } catch {
    return [`raw/${name}.parquet cannot be read as ${kind} (columns of other types?)`];
  }
  const rows = await db.all<{ column: string | null; reason: string; n: bigint | number; first: number }>(
    `SELECT e."column" AS "column", e.reason AS reason, count(*) AS n, min(_row) AS first
     FROM (SELECT _row, unnest(CASE WHEN _blank THEN [{'column': NULL::VARCHAR, 'reason': 'holds no values at all'}]
                                    ELSE list_transform(_errs, r -> {'column': r."column", 'reason': r.reason}) END) AS e
           FROM ${stagedTable(name)} WHERE _blank OR _errs IS NOT NULL)
     GROUP BY ALL ORDER BY "column", reason`,
  );
  return rows.map((r) => {
    const n = Number(r.n);
    return `raw.${name}${r.column === null ? '' : `.${r.column}`}: ${n} row${n === 1 ? '' : 's'} (first: row ${r.first}): ${r.reason}`;
  });
}
