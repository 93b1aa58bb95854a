/**
 * Ingests one file: read → validate/pseudonymise (one SQL statement into a TEMP table)
 * → one transaction writing rejects, superseding earlier versions, inserting rows and the
 * ledger entry. A crash before COMMIT leaves the database exactly as before this file.
 */
import { limitViolation } from './limits.ts';
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { missingColumnsHint, missingColumnsText, notReadText } from './missing-columns.ts';
import { readFileSync, statSync } from 'node:fs';
import { formatOf, type FileFormat } from './file-format.ts';
import { DuckDBBlobValue, type DuckDBListValue } from '@duckdb/node-api';
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';
import { type Db, ident } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { IngestError } from '../errors.ts';
import { hmacParams, pseudonymFromDigestSql } from './pseudonym.ts';
import { openCsv, describeDialect, type CsvRetry, type CsvSource } from './csv-source.ts';
import { readJsonArray, readNdjson } from './read-json.ts';
import { stageRecords, STAGE_TABLE } from './stage-records.ts';
import { parseSql, type SqlSource } from './validation-sql.ts';
import { plannedLightly, plansLightly } from './light-planning.ts';
import { referenceParams } from './reference-params.ts';
import { findLoaded, hashFile } from './ledger.ts';
import { maskParticipantIds } from './value-shapes.ts';
import { writeFile, WRITE_TEMP_TABLES, type FileCounts } from './write-file.ts';
import type { FileIngestResult } from './file-result.ts';
import { countReplacedSince } from './changed-versions.ts';
import { uncheckedIdNotes } from './unchecked-ids.ts';
import { checkNamedKind, refuseDataAsReference } from './kind-inference.ts';
import { isUtf8File, rejectUnreadable } from './unreadable-records.ts';

const PARSED_TABLE = '_ingest_parsed';
/** The parsed rows with their row numbers (a view over PARSED_TABLE). */
const PARSED = '_ingest_rows';
const UNREADABLE = '_ingest_unreadable';
const BLANK_LINES = '_ingest_blank_lines';
/** A serially read source's rows, copied before they are checked (SqlSource.readSerially). */
const READ_TABLE = '_ingest_read';

/** What a file's ingest is doing: reading its rows (a serially read CSV, a workbook, JSON), checking them, storing them. */
export type FilePhase = 'reading' | 'checking' | 'storing';
/** Told each phase as it begins (a progress display names it). */
export type SetPhase = (phase: FilePhase) => void;
const NO_PHASES: SetPhase = () => undefined;

/**
 * DuckDB error text may quote the offending CSV line, which can hold a raw participant id:
 * keep the first line only and blank out anything quoted.
 */
export function safeMessage(error: unknown): string {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return first.replace(/'[^']*'|"[^"]*"/g, '…').slice(0, 300);
}

interface Prepared {
  readonly source: SqlSource;
  readonly format: FileFormat;
  readonly dialect: string;
  readonly extra: string[];
  /** Each column's header cell or key as the file writes it (for reject messages). */
  readonly written: ReadonlyMap<string, string>;
  readonly params: Record<string, string>;
  /** Records the sniffed sample holds after the header (CSV only): a read of none failed. */
  readonly sampleRecords?: number;
  /** What the user should know about the file beyond its rows (e.g. other data sheets not read). */
  readonly notes: readonly string[];
  dispose(): void;
}

/** How to read a file beyond what it tells itself. */
export interface ReadOptions {
  /** XLSX: the sheet to read (default: the first visible sheet holding the required columns). */
  readonly sheet?: string;
  /** The kind was given (--kind): a name pointing to another kind is decided on the header (checkNamedKind). */
  readonly kindGiven?: boolean;
}

async function prepare(db: Db, kind: Kind, path: string, key: Buffer, format: FileFormat, read: ReadOptions, retry: CsvRetry = {}): Promise<Prepared> {
  const ignored = read.sheet !== undefined && format !== 'xlsx' ? [`--sheet applies to XLSX workbooks only: ignored for this ${format.toUpperCase()} file`] : [];
  if (format === 'csv') {
    const csv: CsvSource = await openCsv(kind, path, retry, db.path);
    return {
      source: csv.source,
      format,
      dialect: describeDialect(csv.dialect),
      extra: [...csv.extra],
      written: csv.written,
      params: { path: csv.readPath },
      sampleRecords: csv.dialect.sampleRecords,
      notes: ignored,
      dispose: csv.dispose,
    };
  }
  // an NDJSON file of nothing (or blank lines) is refused as an empty JSON file is: a
  // download cut off, not a delivery of nothing (that is `[]`); only a small file can be
  if ((format === 'json' || (format === 'ndjson' && statSync(path).size < 65_536)) && readFileSync(path).toString('utf8').trim() === '') {
    throw new IngestError(`Cannot read ${basename(path)}: the file is empty.`, path, undefined, undefined, 'Export it again; a delivery of no records is a JSON file holding [ ].');
  }
  // exceljs takes a second to load: only a workbook pays for it (an inbox of CSV files does not)
  const table = format === 'xlsx' ? (await import('./read-xlsx.ts')).readXlsx(kind, path, read) : format === 'json' ? readJsonArray(kind, path) : readNdjson(kind, path);
  const staged = await stageRecords(db, kind, table, key);
  const source = format === 'xlsx' ? { ...staged.source, spreadsheet: true } : staged.source;
  const rows = staged.rows;
  const missing = KIND_SPECS[kind].columns.filter((c) => c.required && !table.present.has(c.name)).map((c) => c.name);
  if (rows === 0 && table.present.size === 0) throw new IngestError(`Cannot read ${basename(path)}: no records found (empty sheet or file).`, path);
  if (missing.length > 0) {
    const header = [...table.written.values(), ...table.extra];
    throw new IngestError(`${missingColumnsText(missing)}${notReadText([...table.extra], format)}.`, path, undefined, missing[0], missingColumnsHint(kind, header, `Add the column or rename it; accepted names are listed in the contract for '${kind}'.`), header);
  }
  const notes = [...ignored, ...(table.notes ?? [])];
  return { source, format, dialect: table.describe(), extra: [...table.extra], written: table.written, params: {}, notes, dispose: () => undefined };
}

/**
 * prepare, and with --kind given, the file's name against it (checkNamedKind) once the header
 * is known, before the rows are checked: a file refused for its name is not parsed whole. Not
 * readable as --kind, a name pointing to another kind is the likelier cause.
 */
async function prepareNamed(db: Db, kind: Kind, path: string, key: Buffer, format: FileFormat, read: ReadOptions, retry: CsvRetry): Promise<Prepared> {
  let prepared: Prepared;
  try {
    prepared = await prepare(db, kind, path, key, format, read, retry);
  } catch (error) {
    if (read.kindGiven && error instanceof IngestError) checkNamedKind(path, kind, undefined);
    throw error;
  }
  try {
    if (!read.kindGiven) {
      refuseDataAsReference(path, kind, [...prepared.written.values(), ...prepared.extra]);
      return prepared;
    }
    const note = checkNamedKind(path, kind, [...prepared.written.values(), ...prepared.extra]);
    return note === undefined ? prepared : { ...prepared, notes: [note, ...prepared.notes] };
  } catch (error) {
    prepared.dispose();
    throw error;
  }
}

/** The validation query of a source (validation-sql.ts) with its parameters bound (also read by the federation import). */
export async function parseQuery(db: Db, kind: Kind, source: SqlSource, key: Buffer, sourceParams: Record<string, string> = {}) {
  const sql = parseSql(kind, source);
  const params: Record<string, string | DuckDBBlobValue | DuckDBListValue> = { ...sourceParams, ...(await referenceParams(db, kind, sql)) };
  if (sql.includes('$ipad')) {
    const { ipad, opad } = hmacParams(key);
    params['ipad'] = new DuckDBBlobValue(ipad);
    params['opad'] = new DuckDBBlobValue(opad);
  }
  return { sql, params };
}

/**
 * The statement that parses a source into the TEMP table, with its parameters. Its plan must
 * stay an ordered insert (no joins): CSV row numbers are positions in that table.
 */
export async function parseStatement(db: Db, kind: Kind, source: SqlSource, key: Buffer, sourceParams: Record<string, string> = {}) {
  const { sql, params } = await parseQuery(db, kind, source, key, sourceParams);
  return { sql: `CREATE OR REPLACE TEMP TABLE ${PARSED_TABLE} AS ${sql}`, params };
}

async function parse(db: Db, kind: Kind, prepared: Prepared, key: Buffer, setPhase: SetPhase, light: boolean): Promise<void> {
  const { sql, params } = await parseStatementOf(db, kind, prepared, key);
  setPhase('checking');
  await plannedLightly(db, light, () => db.run(sql, params));
  await db.run(`DROP TABLE IF EXISTS temp.${READ_TABLE}`);
  const offset = prepared.source.rowOffset;
  const blanks = prepared.source.blankLinesBefore ?? [];
  let from = `temp.${PARSED_TABLE} AS t`;
  let row = `(t.rowid + ${Number(offset)})`;
  if (blanks.length > 0) {
    // a record sits one row lower per blank line before it: the cumulative count of blank
    // lines at the last position at or before its own
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${BLANK_LINES} AS
       SELECT before AS _blank_before, sum(count(*)) OVER (ORDER BY before) AS _blank_shift
       FROM (SELECT unnest([${blanks.map(Number).join(',')}]::INTEGER[]) AS before) GROUP BY before`,
    );
    from += ` ASOF LEFT JOIN temp.${BLANK_LINES} AS b ON t.rowid >= b._blank_before`;
    row = `(t.rowid + ${Number(offset)} + coalesce(b._blank_shift, 0))`;
  }
  const replace = [`${offset === undefined ? 't._row' : `coalesce(t._row, ${row}::INTEGER)`} AS _row`];
  if (!prepared.source.pidHashed) {
    for (const c of KIND_SPECS[kind].columns) if (c.type === 'pid') replace.push(`${pseudonymFromDigestSql(`t.${ident(c.name)}`)} AS ${ident(c.name)}`);
  }
  await db.run(`CREATE OR REPLACE TEMP VIEW ${PARSED} AS SELECT t.* REPLACE (${replace.join(', ')}) FROM ${from}`);
}

/**
 * A source that one thread reads (quoted line breaks) would keep the whole check statement,
 * ~2.5 CPU-s per 10^6 final reports, on that thread: its rows are copied in file order
 * first (the copy keeps insertion order, so rowids stay row numbers), then checked in parallel.
 */
async function parseStatementOf(db: Db, kind: Kind, prepared: Prepared, key: Buffer): ReturnType<typeof parseStatement> {
  if (!prepared.source.readSerially) return parseStatement(db, kind, prepared.source, key, prepared.params);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${READ_TABLE} AS SELECT * FROM ${prepared.source.from}`, prepared.params);
  return parseStatement(db, kind, { ...prepared.source, from: `temp.${READ_TABLE}` }, key);
}

/**
 * Reads and checks the file into the TEMP table. Two CSV failures are retried: a file that
 * is not UTF-8 after all (the sniffed sample was) is re-read as Windows-1252; a record
 * DuckDB cannot parse at all (an unterminated quote at the end of a cut-off file) is
 * skipped by DuckDB and rejected by us with its line number.
 */
async function prepareAndParse(db: Db, kind: Kind, path: string, key: Buffer, format: FileFormat, read: ReadOptions, setPhase: SetPhase): Promise<Prepared> {
  let retry: CsvRetry = {};
  for (;;) {
    // first the file is read in Node: a CSV sniffed and scanned for quoted line breaks and
    // blank lines, a workbook or JSON file staged row by row (no statement's figure follows it)
    setPhase('reading');
    const prepared = await prepareNamed(db, kind, path, key, format, read, retry);
    try {
      await parse(db, kind, prepared, key, setPhase, plansLightly(path, format === 'xlsx'));
      if (retry.unreadableTable) await rejectUnreadable(db, PARSED_TABLE, retry.unreadableTable, prepared.source.rowOffset);
      if (prepared.sampleRecords && !(await db.scalar(`SELECT count(*) FROM (SELECT 1 FROM temp.${PARSED_TABLE} LIMIT 1)`))) {
        // The strict reader can return nothing, without an error, for a file it misreads
        // (line ends it did not expect): read non-strictly once, and never record a file
        // as loaded with no rows when its first lines hold records.
        prepared.dispose();
        if (!retry.lenient) {
          retry = { ...retry, lenient: true };
          continue;
        }
        throw new IngestError(
          `Cannot read ${basename(path)}: its first lines hold ${prepared.sampleRecords} record(s) after the header, but the CSV reader found none.`,
          path,
          undefined,
          undefined,
          'Check the line ends and quotes in a text editor, save the file again as CSV (UTF-8), and ingest that.',
        );
      }
      return prepared;
    } catch (error) {
      prepared.dispose();
      const message = String(error);
      if (format !== 'csv' || retry.unreadableTable || !/CSV Error|unicode|invalid state/i.test(message)) throw error;
      retry =
        /unicode/i.test(message) && !retry.windows1252 && !(await isUtf8File(path))
          ? { windows1252: true }
          : // 'invalid state': line ends mixed (a CRLF export with rows added as LF), which
            // only the non-strict reader accepts
            { ...retry, unreadableTable: UNREADABLE, lenient: /Expected Number of Columns|invalid state/i.test(message) };
    }
  }
}

export async function loadFile(db: Db, path: string, kind: Kind, key: Buffer, effects: Effects, read: ReadOptions = {}, setPhase: SetPhase = NO_PHASES): Promise<FileIngestResult> {
  const started = performance.now();
  const hashing = hashFile(path);
  hashing.catch(() => undefined); // awaited below; a read error surfaces there
  let prepared: Prepared | undefined;
  try {
    const format = formatOf(path);
    const violation = limitViolation(path, format);
    if (violation) throw new IngestError(`${basename(path)} refused: ${violation.reason}.`, path, undefined, undefined, violation.hint);
    setPhase('reading');
    // the ledger is asked before the file is read: bytes loaded already are skipped unread
    // (a re-sent 2.7 GB attendance file was parsed, checked and pseudonymised for 316 s to
    // say 'already loaded'). Another sheet of the same workbook is other content; the sheet
    // by its hash: a sheet named after a person ('Q1 962D900011') kept the raw id in the ledger.
    // A file that cannot be read is left to the reader below, which says why as it did before.
    const digest = await hashing.catch(() => undefined);
    const contentHash = digest === undefined ? undefined : read.sheet !== undefined && format === 'xlsx' ? `${digest}#sheet=${sheetHash(read.sheet)}` : digest;
    const earlier = contentHash === undefined ? undefined : await findLoaded(db, contentHash, kind);
    if (earlier) {
      const fileId = Number(earlier.file_id);
      const replacedSince = await countReplacedSince(db, `raw.${ident(kind)}`, fileId);
      const loadedAs = earlier.name === basename(path) ? undefined : earlier.name;
      return { ...emptyResult(path, kind), status: 'skipped', alreadyLoaded: true, loadedAs, replacedSince, fileId, ms: performance.now() - started };
    }
    prepared = await prepareAndParse(db, kind, path, key, format, read, setPhase);
    effects.log.debug({ file: maskParticipantIds(basename(path)), ms: Math.round(performance.now() - started) }, 'ingest: parsed');
    const counts = (await db.one<Record<string, bigint>>(
      `SELECT count(*) FILTER (WHERE NOT _blank) AS read, count(*) FILTER (WHERE _blank) AS ignored,
              count(*) FILTER (WHERE _errs IS NOT NULL) AS rejected FROM ${PARSED}`,
    ))!;
    const c: FileCounts = { read: Number(counts['read']), ignored: Number(counts['ignored']), rejected: Number(counts['rejected']) };
    const p = prepared;
    const hash = contentHash ?? (await hashing);
    const written = await db.transaction(() => writeFile(db, { path, kind, contentHash: hash, parsed: PARSED, prepared: p, counts: c, effects, storing: () => setPhase('storing') }));
    effects.log.debug({ file: maskParticipantIds(basename(path)), ms: Math.round(performance.now() - started) }, 'ingest: committed');
    return {
      ...emptyResult(path, kind),
      status: 'success',
      rows: written.loaded,
      rowsRead: c.read,
      rowsLoaded: written.loaded,
      rowsRejected: c.rejected,
      rowsSuperseded: written.superseded,
      supersededRows: written.supersededRows,
      rowsReplaced: written.replaced,
      rowsReplacedUnchanged: written.unchanged,
      rowsReplacedDatedLater: written.datedLater,
      firstReasons: written.firstReasons,
      ...(written.reasonCounts === undefined ? {} : { reasonCounts: written.reasonCounts }),
      reasons: written.reasons,
      rejectLines: written.rejectLines,
      extraColumns: prepared.extra,
      columnsRead: [...prepared.written.keys()],
      notes: [...prepared.notes, ...keyColumnsMissing(kind, prepared.source), ...written.carriedNote, ...(await uncheckedIdNotes(db, kind, written.fileId))],
      fileId: written.fileId,
      ms: performance.now() - started,
    };
  } finally {
    await hashing.catch(() => undefined);
    prepared?.dispose();
    await db
      .run(`DROP VIEW IF EXISTS temp.${PARSED}; DROP TABLE IF EXISTS temp.${PARSED_TABLE}; ${WRITE_TEMP_TABLES.map((t) => `DROP TABLE IF EXISTS temp.${t}; `).join('')}DROP TABLE IF EXISTS temp.${STAGE_TABLE}; DROP TABLE IF EXISTS temp.${BLANK_LINES}; DROP TABLE IF EXISTS temp.${READ_TABLE}`)
      .catch(() => undefined);
  }
}

/**
 * A key column that may be empty (a no-show's entry date) but is missing from the whole file:
 * every record loads, with 0 rejected, yet none can match (a final report matches its
 * participation by Kundennummer, Maßnahme-Nr and Eintritt) — the clerk heard nothing of it.
 */
function keyColumnsMissing(kind: Kind, source: SqlSource): string[] {
  const spec = KIND_SPECS[kind];
  return spec.columns
    .filter((c) => spec.key.includes(c.name) && !source.columns.has(c.name))
    .map((c) => {
      const named = c.aliases?.[0] ? `${c.name} ('${c.aliases[0][0]!.toUpperCase()}${c.aliases[0].slice(1)}')` : c.name;
      return `the file has no column ${named}, part of each record's key (${spec.key.join(', ')}): its records loaded without it cannot be matched by that key; add the column and send the file again`;
    });
}

export function emptyResult(path: string, kind?: Kind): FileIngestResult {
  return {
    name: basename(path),
    status: 'error',
    file: path,
    kind,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsSuperseded: 0,
    rowsReplaced: 0,
    rowsReplacedUnchanged: 0,
    alreadyLoaded: false,
    firstReasons: [],
    extraColumns: [],
  };
}

/** The sheet part of a workbook's content hash (migration 6 rewrites older ledgers the same way: sha256 of the trimmed, lower-case name). */
export function sheetHash(sheet: string): string {
  return createHash('sha256').update(sheet.trim().toLowerCase()).digest('hex');
}
