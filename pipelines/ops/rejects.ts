/**
 * `almp rejects <file-id>`: every rejected row of one file (row, column, value, reason) in
 * the file's row order — the list the Jobcenter's clerk sends back to the provider. `almp
 * status` names the files with rejected rows and points here. It reads the live database:
 * `almp query` reads the snapshot of the last build, which holds no file loaded since (and
 * fails before the first build), so the reasons of a file that came in this morning were
 * not there. While the writer works, the snapshot is read, and the answer says so.
 */
import { existsSync } from 'node:fs';
import { engineLockHolder, withReadOnlyDb } from '../commands/open-db.ts';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { AlmpError, CliError } from '../errors.ts';
import { count, rows as rowCount } from '../counts.ts';
import { reasonCountLines, reasonCounts, worthCounting } from '../ingest/reject-counts.ts';
import { render, type QueryFormat } from './query.ts';
import { streamRowsAsText } from './rows-text-stream.ts';
import { streamRowsToXlsx, XLSX_MAX_ROWS } from './rows-xlsx-stream.ts';
import { currentSnapshot, noDatabase } from './snapshot.ts';
import { isStale, lockPathFor, readLockHolder } from './writer-lock.ts';
import { rowsProgress, wholeStream } from '../db/whole-stream.ts';

export interface RejectsOptions {
  readonly dbPath: string;
  readonly snapshots: string;
  readonly fileId: number;
  readonly format: QueryFormat;
  readonly maxRows: number;
}

// "row" is the file's own row number (rowNumbering); a reason for the whole file has none.
// "in file": the column's header as the file wrote it (the sender knows those, not the
// contract's names); a database not yet upgraded by a writing command has no such column.
const rejectsSql = (withHeader: boolean) =>
  `SELECT "row", "column", ${withHeader ? 'coalesce(header, "column")' : '"column"'} AS "in file", "value", reason FROM meta.rejects WHERE file_id = $id ORDER BY "row" NULLS FIRST, "column", reason`;

type FileFacts = {
  kind: string;
  name: string;
  read: number | null;
  loaded: number | null;
  dialect: string | null;
  /** Reject lines (a row bad in two columns has two) and rows rejected. */
  lines: number;
  rows: number;
};

/**
 * How the file's rows are numbered, from the ledger's description of how it was read
 * (csv-source.ts, read-xlsx.ts, read-json.ts): a CSV with title rows has its header further
 * down, a sheet's header may take two rows, and a JSON file numbers records, not lines.
 */
export function rowNumbering(dialect: string | null): string {
  const csv = /header row (\d+)/.exec(dialect ?? '');
  if (csv) return `row numbers as in the file, its header row is ${csv[1]}`;
  const sheet = /^sheet '.*', header in (rows? [0-9-]+)/.exec(dialect ?? '');
  if (sheet) return `row numbers as in the sheet, its header in ${sheet[1]}`;
  if (dialect?.startsWith('ndjson')) return 'row numbers are the lines of the file';
  if (dialect?.startsWith('json')) return 'row numbers count the records, 1 is the first';
  return 'row numbers as in the file';
}

/** Columns and reasons the table's head counts at most (the rest: the csv). */
const COUNTS_SHOWN = 10;

/**
 * The table asks DuckDB for the rows it prints and the counts; csv, json and the workbook are
 * written from DuckDB's rows a chunk at a time; a workbook is refused before anything is read
 * when the rows do not fit one sheet. All rows read into Node first took 1.7 GB and 16 s
 * for the 2·10^6 rejects of a file of 10^6 rows bad in two columns, to print 1,000 of them,
 * 1.9 GB for the csv, and 1.7 GB before the workbook was refused.
 */
export async function rejectsCommand(options: RejectsOptions, effects: Effects): Promise<number> {
  const { result } = await readLiveOrSnapshot(options, async (db, source) => {
    const facts = await fileFacts(db, options.fileId);
    // 'no rejected rows are recorded for file 99' read as if file 99 had loaded cleanly (a
    // snapshot may not hold a file yet: said below)
    if (!facts && source === 'live' && !(await db.one('SELECT 1 FROM meta.files WHERE file_id = $id', { id: options.fileId }))) {
      // a file refused as a whole has its number in the rejects only
      const last = await db.scalar('SELECT coalesce(greatest(max(file_id), (SELECT max(file_id) FROM meta.rejects)), 0) FROM meta.files');
      // a number no file has is a wrong argument (exit 2), as an unknown check of almp check --show is
      throw new CliError(
        `There is no file ${options.fileId}: ${last === 0 ? 'no file has been read yet' : `the files read are numbered 1 to ${last.toLocaleString('de-DE')}`}.`,
        '`almp status` lists the files with rejected rows of the last 7 days and their numbers.',
      );
    }
    const clean = facts ? undefined : await db.one<{ kind: string; name: string; read: number; loaded: number }>('SELECT kind, name, rows_read::INTEGER AS "read", rows_loaded::INTEGER AS loaded FROM meta.files WHERE file_id = $id', { id: options.fileId });
    // a file loaded whole was answered 'Error: No rejected rows are recorded for file 1' with
    // exit 1; its csv, json and workbook are those of no row (a header, [], an empty sheet)
    if (clean && options.format === 'table') {
      effects.out(`${clean.kind}/${clean.name}: ${clean.loaded.toLocaleString('de-DE')} of ${rowCount(clean.read)} loaded; no row rejected.`);
      return 0;
    }
    if (!clean && (!facts || facts.lines === 0)) {
      throw new AlmpError(
        `No rejected rows are recorded for file ${options.fileId}${source === 'snapshot' ? ' in the snapshot (the writer is busy: files loaded since its build are not there yet)' : ''}.`,
        '`almp status` lists the files with rejected rows of the last 7 days and their numbers.',
      );
    }
    const withHeader = (await db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = 'rejects' AND column_name = 'header'")) > 0;
    const sql = rejectsSql(withHeader);
    const id = { id: options.fileId };
    const lines = facts?.lines ?? 0;
    if (options.format === 'xlsx') {
      if (facts && facts.lines > XLSX_MAX_ROWS) throw tooManyForSheet(options.fileId, facts);
      // the workbook goes back to the sender: its headings in German, as its sheet's name (the
      // reasons stay as almp words them everywhere)
      const { columns, batches } = await db.streamTyped(`SELECT "row" AS "Zeile", "column" AS "Feld", "in file" AS "Spalte in der Datei", "value" AS "Wert", reason AS "Grund" FROM (${sql})`, id);
      await streamRowsToXlsx(columns, wholeStream(batches, lines, effects.progress('Rows', lines)), (bytes) => effects.outBytes(bytes), 'Abgelehnte Zeilen');
    } else if (options.format === 'table' && facts) {
      const file = facts.kind === 'unknown' ? facts.name : `${facts.kind}/${facts.name}`;
      const whole = facts.read === null ? await db.json<{ reason: string }>('SELECT reason FROM meta.rejects WHERE file_id = $id AND "row" IS NULL ORDER BY reason', id) : [];
      if (whole.length > 0 && whole.length === facts.lines) {
        // a file refused as a whole was shown as '1 row rejected' in a table of empty rows and columns
        effects.out(`${file}: refused as a whole, no row loaded:`);
        for (const { reason } of whole) effects.out(`  ${reason}`);
        return facts.lines;
      }
      const loaded = facts.read === null ? 'not loaded' : `${(facts.loaded ?? 0).toLocaleString('de-DE')} of ${rowCount(facts.read)} loaded`;
      effects.out(`${file}: ${loaded}; ${rowCount(facts.rows)} rejected (${rowNumbering(facts.dialect)})`);
      if (source === 'snapshot') effects.out('(read from the snapshot: the writer is busy, so a file loaded since the last build is not listed)');
      const counts = await reasonCounts(db, options.fileId, COUNTS_SHOWN, withHeader);
      if (worthCounting(counts)) {
        effects.out('By column and reason:');
        for (const line of reasonCountLines(counts)) effects.out(`  ${line}`);
      }
      const shown = await db.json(`${sql} LIMIT $limit`, { ...id, limit: options.maxRows });
      for (const line of render(shown, { format: 'table', maxRows: options.maxRows, total: facts.lines, counted: (n) => count(n, 'reason') })) effects.out(line);
      if (facts.lines > shown.length) effects.out(`All of them: almp rejects ${options.fileId} --format csv > abgelehnt-${options.fileId}.csv`);
    } else {
      const { columns, batches } = await db.streamJson(sql, id);
      await streamRowsAsText(wholeStream(batches, lines, rowsProgress(effects, lines)), options.format === 'table' ? 'csv' : options.format, (text) => effects.out(text), columns);
    }
    return lines;
  });
  return result;
}

/** Said before a row is read: the workbook was built from all rows in memory, then refused. */
function tooManyForSheet(fileId: number, facts: FileFacts): CliError {
  return new CliError(
    `${count(facts.lines, 'reason')} (${rowCount(facts.rows)} rejected) do not fit one worksheet (at most ${XLSX_MAX_ROWS.toLocaleString('de-DE')} lines); nothing was written.`,
    `almp rejects ${fileId} shows them counted by column and reason with the first rows; every row: almp rejects ${fileId} --format csv > abgelehnt-${fileId}.csv (comma-separated, UTF-8: in Excel through Daten > Aus Text/CSV).`,
  );
}

async function fileFacts(db: Db, fileId: number): Promise<FileFacts | undefined> {
  const [facts] = await db.json<FileFacts & { lines: string; rows: string }>(
    `SELECT r.kind, r.file_name AS name, f.rows_read::INTEGER AS "read", f.rows_loaded::INTEGER AS loaded, f.dialect,
       (SELECT count(*) FROM meta.rejects WHERE file_id = $id) AS lines,
       -- the rows rejected; a reason for the whole file (no row) counts as one
       (SELECT count(DISTINCT "row") + (count(*) FILTER (WHERE "row" IS NULL) > 0)::INTEGER FROM meta.rejects WHERE file_id = $id) AS rows
     FROM meta.rejects AS r LEFT JOIN meta.files AS f USING (file_id) WHERE r.file_id = $id LIMIT 1`,
    { id: fileId },
  );
  return facts && { ...facts, lines: Number(facts.lines), rows: Number(facts.rows) };
}

/** The live database unless a writer holds it; then the published snapshot. */
async function readLiveOrSnapshot<T>(options: RejectsOptions, read: (db: Db, source: 'live' | 'snapshot') => Promise<T>): Promise<{ result: T; source: 'live' | 'snapshot' }> {
  const held = readLockHolder(lockPathFor(options.dbPath));
  if (existsSync(options.dbPath) && !(held && !isStale(held))) {
    try {
      return { result: await withReadOnlyDb(options.dbPath, (db) => read(db, 'live')), source: 'live' };
    } catch (error) {
      if (engineLockHolder(error) === undefined) throw error;
    }
  }
  const snapshot = currentSnapshot(options.snapshots);
  if (!snapshot && !existsSync(options.dbPath)) throw noDatabase(options.dbPath);
  if (!snapshot) throw new AlmpError(`The writer holds ${options.dbPath} and no snapshot is published yet to read instead.`, 'Ask again once the job has ended (almp status shows it).');
  return { result: await withReadOnlyDb(snapshot, (db) => read(db, 'snapshot')), source: 'snapshot' };
}
