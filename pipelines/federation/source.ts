/**
 * Where each record of an export comes from: its instance's input file and row, for the
 * state's data-quality findings. At the state a record's own file and row are the export's
 * Parquet file and a position in it, which tell a Jobcenter nothing; the ministry has to say
 * which of the Jobcenter's files and rows to fix. The file is named without its name, which
 * may name a person ("Abschlussbericht Max Mustermann KdNr ….csv"): by its number in the
 * instance (`almp query "SELECT name FROM meta.files WHERE file_id = 7"` there), its load
 * time (the archive's day folder) and the start of its SHA-256. Opaque text for display only:
 * no id that joins across instances (the core tables' file ids were removed for that).
 */
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';

/** The columns every raw file of an export carries for it. */
export const SOURCE_COLUMNS = ['source_file', 'source_row'] as const;

/** What `source_file` holds: nothing else passes an import (a file name would). */
const SOURCE_FILE_PATTERN = '^file [0-9]{1,12} of instance [0-9a-f]{8} \\(loaded [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC, SHA-256 [0-9a-f]{12}\\)$';

/**
 * A SELECT of raw rows that names `_file_id` and `_row`, with those two replaced by
 * `source_file` and `source_row`: a record this instance imported keeps the source its export
 * named (a state exporting on), any other is named by this instance's file and row.
 */
export function withSource(rows: string, instance: string, options: { ordered: boolean; imported: boolean }): string {
  const id = instance.replace(/[^0-9a-f]/g, '').slice(0, 8);
  const label = `'file ' || file_id || ' of instance ${id} (loaded ' || strftime(loaded_at, '%Y-%m-%d %H:%M') || ' UTC, SHA-256 ' || left(content_hash, 12) || ')'`;
  // A Jobcenter's instance imported nothing: without the join on its empty
  // meta.record_sources the export of 10^6 participations peaked at 1.71 GB RSS, with it 2.06 GB.
  const imported = options.imported
    ? `
          LEFT JOIN (SELECT file_id AS _sfid, "row" AS _srow, source_file AS _source_file, source_row AS _source_row FROM meta.record_sources) AS s
            ON s._sfid = r._file_id AND s._srow = r._row`
    : '';
  return `SELECT r.* EXCLUDE (_file_id, _row),
            ${options.imported ? 'coalesce(s._source_file, f._label)' : 'f._label'} AS source_file, ${options.imported ? 'coalesce(s._source_row, r._row)' : 'r._row'} AS source_row
          FROM (${rows}) AS r
          LEFT JOIN (SELECT file_id AS _fid, ${label} AS _label FROM meta.files) AS f ON f._fid = r._file_id${imported}${options.ordered ? '\n          ORDER BY r._file_id, r._row' : ''}`;
}

const stagedName = (name: string) => ident(`_import_source_${name}`);

/**
 * Reads the source columns of an export's raw file (named as in the manifest, without
 * `raw.`) into a TEMP table and says what is wrong with them, as stageAndCheck does: an
 * export without them (an older almp's) is refused, for the state's findings would name no
 * Jobcenter file and row; a source that is not the text an export writes is refused too.
 */
export async function stageSource(db: Db, file: string, name: string): Promise<string[]> {
  try {
    const columns = new Set((await db.all<{ column_name: string }>('DESCRIBE SELECT * FROM read_parquet($file)', { file })).map((r) => r.column_name));
    const missing = SOURCE_COLUMNS.filter((c) => !columns.has(c));
    if (missing.length > 0) {
      return [`raw/${name}.parquet lacks the column ${missing.join(', ')} (an export of an older almp, which did not name the Jobcenter's file and row of its records)`];
    }
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${stagedName(name)} AS
       SELECT (file_row_number + 1)::INTEGER AS _row, try_cast(source_file AS VARCHAR) AS source_file, try_cast(source_row AS INTEGER) AS source_row
       FROM read_parquet($file, file_row_number = true)`,
      { file },
    );
  } catch {
    return [`raw/${name}.parquet cannot be read for its source columns`];
  }
  const [bad] = await db.json<{ files: number; first_file: number | null; rows: number; first_row: number | null }>(
    `SELECT count(*) FILTER (WHERE NOT coalesce(regexp_full_match(source_file, $pattern), false))::INTEGER AS files,
            min(_row) FILTER (WHERE NOT coalesce(regexp_full_match(source_file, $pattern), false)) AS first_file,
            count(*) FILTER (WHERE source_row IS NULL)::INTEGER AS "rows", min(_row) FILTER (WHERE source_row IS NULL) AS first_row
     FROM temp.${stagedName(name)}`,
    { pattern: SOURCE_FILE_PATTERN },
  );
  const problems: string[] = [];
  const counted = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  if (bad && bad.files > 0) problems.push(`raw.${name}.source_file: ${counted(bad.files)} (first: row ${bad.first_file}): not a source an export writes ('file <n> of instance <id> (loaded …)')`);
  if (bad && bad.rows > 0) problems.push(`raw.${name}.source_row: ${counted(bad.rows)} (first: row ${bad.first_row}): not a row number`);
  return problems;
}

/**
 * Stores the staged sources of a file loaded as `fileId`, for its rows as the import numbered
 * them: the records' rows, or for earlier versions (history.ts) the rows below them.
 */
export async function storeSource(db: Db, name: string, fileId: number, options: { history: boolean }): Promise<void> {
  const staged = `temp.${stagedName(name)}`;
  const row = options.history ? `_row - (SELECT max(_row) + 1 FROM ${staged})` : '_row';
  await db.run(`INSERT INTO meta.record_sources SELECT $fileId, ${row}, source_file, source_row FROM ${staged}`, { fileId });
}

export async function dropStagedSource(db: Db, name: string): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS temp.${stagedName(name)}`);
}
