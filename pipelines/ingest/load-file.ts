/**
 * Ingests one file: read → validate/pseudonymise (one SQL statement into a TEMP table)
 * → one transaction writing rejects, superseding earlier versions, inserting rows and the
 * ledger entry. A crash before COMMIT leaves the database exactly as before this file.
 */
import { LIMITS, limitViolation } from './limits.ts';
import { basename } from 'node:path';
import { createReadStream, readFileSync } from 'node:fs';
import { formatOf, type FileFormat } from './file-format.ts';
import { DuckDBBlobValue, type DuckDBListValue } from '@duckdb/node-api';
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';
import { type Db, ident } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { IngestError } from '../errors.ts';
import { hmacParams, pseudonymFromDigestSql } from './pseudonym.ts';
import { openCsv, describeDialect, type CsvRetry, type CsvSource } from './csv-source.ts';
import { readXlsx } from './read-xlsx.ts';
import { readJsonArray, readNdjson } from './read-json.ts';
import { stageRecords, STAGE_TABLE } from './stage-records.ts';
import { parseSql, type SqlSource } from './validation-sql.ts';
import { referenceParams } from './reference-params.ts';
import { findLoaded, hashFile, nextFileId, recordFile, sqlTimestamp } from './ledger.ts';
import { FIRST_REASONS, reasonText } from './summary.ts';
import type { FileIngestResult } from './file-result.ts';
import { compareReplaced, countReplacedSince } from './changed-versions.ts';

const PARSED_TABLE = '_ingest_parsed';
/** The parsed rows with their row numbers (a view over PARSED_TABLE). */
const PARSED = '_ingest_rows';
const DUPLICATES = '_ingest_dups';
const REPEATED = '_ingest_repeated_keys';
/** Rows per slice of the repeated-key search (see writeFile). */
const DUPLICATE_SLICE_ROWS = 1_500_000;
const UNREADABLE = '_ingest_unreadable';
const BLANK_LINES = '_ingest_blank_lines';

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
  dispose(): void;
}

async function prepare(db: Db, kind: Kind, path: string, key: Buffer, format: FileFormat, retry: CsvRetry = {}): Promise<Prepared> {
  if (format === 'csv') {
    const csv: CsvSource = await openCsv(kind, path, retry);
    return {
      source: csv.source,
      format,
      dialect: describeDialect(csv.dialect),
      extra: [...csv.extra],
      written: csv.written,
      params: { path: csv.readPath },
      sampleRecords: csv.dialect.sampleRecords,
      dispose: csv.dispose,
    };
  }
  if (format === 'json' && readFileSync(path).toString('utf8').trim() === '') {
    throw new IngestError(`Cannot read ${path}: the file is empty.`, path);
  }
  const table = format === 'xlsx' ? readXlsx(kind, path) : format === 'json' ? readJsonArray(kind, path) : readNdjson(kind, path);
  const staged = await stageRecords(db, kind, table, key);
  const source = format === 'xlsx' ? { ...staged.source, spreadsheet: true } : staged.source;
  const rows = staged.rows;
  const missing = KIND_SPECS[kind].columns.filter((c) => c.required && !table.present.has(c.name)).map((c) => c.name);
  if (rows === 0 && table.present.size === 0) throw new IngestError(`Cannot read ${path}: no records found (empty sheet or file).`, path);
  if (missing.length > 0) {
    throw new IngestError(`Required column ${missing.map((c) => `'${c}'`).join(', ')} is missing.`, path, undefined, missing[0], `Add the column or rename it; accepted names are listed in the contract for '${kind}'.`);
  }
  return { source, format, dialect: table.describe(), extra: [...table.extra], written: table.written, params: {}, dispose: () => undefined };
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

async function parse(db: Db, kind: Kind, prepared: Prepared, key: Buffer): Promise<void> {
  const { sql, params } = await parseStatement(db, kind, prepared.source, key, prepared.params);
  await db.run(sql, params);
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
 * Reads and checks the file into the TEMP table. Two CSV failures are retried: a file that
 * is not UTF-8 after all (the sniffed sample was) is re-read as Windows-1252; a record
 * DuckDB cannot parse at all (an unterminated quote at the end of a cut-off file) is
 * skipped by DuckDB and rejected by us with its line number.
 */
async function prepareAndParse(db: Db, kind: Kind, path: string, key: Buffer): Promise<Prepared> {
  const format = formatOf(path);
  const violation = limitViolation(path, format);
  if (violation) throw new IngestError(`${basename(path)} refused: ${violation}.`, path);
  let retry: CsvRetry = {};
  for (;;) {
    const prepared = await prepare(db, kind, path, key, format, retry);
    try {
      await parse(db, kind, prepared, key);
      if (retry.unreadableTable) await rejectUnreadable(db, retry.unreadableTable, prepared.source.rowOffset);
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

/**
 * Records DuckDB skipped become rejects, by DuckDB's line number (line and error type only:
 * the line text may hold a raw id). The rows after a skipped record move down by one: the
 * k-th skipped line (k from 0) shifts every row whose position is at least line - k.
 */
async function rejectUnreadable(db: Db, table: string, rowOffset: number | undefined): Promise<void> {
  // DuckDB stores one reject per error, so a record with 10^5 extra fields appears 10^5
  // times: reduce to one entry per line first (else the renumbering below is quadratic).
  const lines = `(SELECT line, min(error_type) AS error_type FROM temp.${ident(table)} GROUP BY line)`;
  const skipped = `(SELECT line::INTEGER - (row_number() OVER (ORDER BY line) - 1)::INTEGER AS shifts_from FROM ${lines})`;
  if (rowOffset !== undefined) {
    await db.run(
      `UPDATE temp.${PARSED_TABLE} SET _row = (rowid + ${Number(rowOffset)} + (SELECT count(*) FROM ${skipped} WHERE shifts_from <= rowid + ${Number(rowOffset)}))::INTEGER`,
    );
  }
  await db.run(
    `INSERT INTO temp.${PARSED_TABLE} (_row, _blank, _errs)
     SELECT line::INTEGER, false, [{'column': NULL::VARCHAR, 'value': NULL::VARCHAR,
       'reason': CASE WHEN error_type::VARCHAR ILIKE '%line size%'
         THEN 'record longer than the limit of ${Math.round(LIMITS.maxLineBytes / 1024)} KB (raise ALMP_MAX_ROW_KB if it is genuine)'
         ELSE 'record cannot be read (' || lower(error_type::VARCHAR) || '): a quote that is never closed (file cut off?) or too many fields' END}]
     FROM ${lines}`,
  );
  await db.run(`DROP TABLE IF EXISTS temp.${ident(table)}; DROP TABLE IF EXISTS temp.${ident(`${table}_scan`)}`);
}

async function isUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

interface Counts {
  read: number;
  ignored: number;
  rejected: number;
}

export async function loadFile(db: Db, path: string, kind: Kind, key: Buffer, effects: Effects): Promise<FileIngestResult> {
  const started = performance.now();
  const hashing = hashFile(path);
  hashing.catch(() => undefined); // awaited below; a read error surfaces there
  let prepared: Prepared | undefined;
  try {
    prepared = await prepareAndParse(db, kind, path, key);
    effects.log.debug({ file: basename(path), ms: Math.round(performance.now() - started) }, 'ingest: parsed');
    const contentHash = await hashing;
    const earlier = await findLoaded(db, contentHash, kind);
    if (earlier) {
      const fileId = Number(earlier.file_id);
      const replacedSince = await countReplacedSince(db, `raw.${ident(kind)}`, fileId);
      const loadedAs = earlier.name === basename(path) ? undefined : earlier.name;
      return { ...emptyResult(path, kind), status: 'skipped', alreadyLoaded: true, loadedAs, replacedSince, fileId, ms: performance.now() - started };
    }
    const counts = (await db.one<Record<string, bigint>>(
      `SELECT count(*) FILTER (WHERE NOT _blank) AS read, count(*) FILTER (WHERE _blank) AS ignored,
              count(*) FILTER (WHERE _errs IS NOT NULL) AS rejected FROM ${PARSED}`,
    ))!;
    const c: Counts = { read: Number(counts['read']), ignored: Number(counts['ignored']), rejected: Number(counts['rejected']) };
    const p = prepared;
    const written = await db.transaction(() => writeFile(db, { path, kind, contentHash, prepared: p, counts: c, effects }));
    effects.log.debug({ file: basename(path), ms: Math.round(performance.now() - started) }, 'ingest: committed');
    return {
      ...emptyResult(path, kind),
      status: 'success',
      rows: written.loaded,
      rowsRead: c.read,
      rowsLoaded: written.loaded,
      rowsRejected: c.rejected,
      rowsSuperseded: written.superseded,
      rowsReplaced: written.replaced,
      rowsReplacedUnchanged: written.unchanged,
      rowsReplacedDatedLater: written.datedLater,
      firstReasons: written.firstReasons,
      extraColumns: prepared.extra,
      fileId: written.fileId,
      ms: performance.now() - started,
    };
  } finally {
    await hashing.catch(() => undefined);
    prepared?.dispose();
    await db
      .run(`DROP VIEW IF EXISTS temp.${PARSED}; DROP TABLE IF EXISTS temp.${PARSED_TABLE}; DROP TABLE IF EXISTS temp.${DUPLICATES}; DROP TABLE IF EXISTS temp.${REPEATED}; DROP TABLE IF EXISTS temp.${STAGE_TABLE}; DROP TABLE IF EXISTS temp.${BLANK_LINES}`)
      .catch(() => undefined);
  }
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

interface WriteInput {
  path: string;
  kind: Kind;
  contentHash: string;
  prepared: Prepared;
  counts: Counts;
  effects: Effects;
}

async function writeFile(db: Db, input: WriteInput) {
  const { kind, path, effects } = input;
  const spec = KIND_SPECS[kind];
  const table = `raw.${ident(kind)}`;
  const fileId = await nextFileId(db);
  const at = sqlTimestamp(effects.now());
  const good = `FROM temp.${PARSED} WHERE _errs IS NULL AND NOT _blank`;
  const keys = spec.key.map(ident);

  await db.run(
    `INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at)
     SELECT $id, $kind, $name, _row, r."column", r."value", r.reason, $at::TIMESTAMP
     FROM (SELECT _row, unnest(_errs) AS r FROM temp.${PARSED} WHERE _errs IS NOT NULL)`,
    { id: fileId, kind, name: basename(path), at },
  );

  // Earlier versions of the keys this file brings are kept but no longer in force.
  let replaced = 0;
  if (await db.scalar(`SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE _current LIMIT 1)`)) {
    const result = await db.connection.run(
      `UPDATE ${table} AS o SET _current = false, _superseded_by = $id
       FROM (SELECT DISTINCT ${keys.join(', ')} ${good}) AS n
       WHERE o._current AND ${keys.map((k) => `o.${k} IS NOT DISTINCT FROM n.${k}`).join(' AND ')}`,
      { id: fileId },
    );
    replaced = result.rowsChanged;
  }

  // Within the file the last row of a key is in force; earlier ones are kept as superseded.
  // Repeated keys are found with a hash aggregate (usually empty) instead of a window over
  // all rows, which would sort the whole file. The aggregate runs over the 64-bit key hash
  // computed while parsing, not the key itself (5.5M attendance keys with 64-character
  // pseudonyms took 0.5 GB and twice the time), in slices of at most ~1.5M rows so that its
  // hash table stays small (it decided the peak RSS of a 5.5M-row file); only keys whose
  // hash repeats are compared exactly.
  const slices = Math.max(1, Math.ceil(input.counts.read / DUPLICATE_SLICE_ROWS));
  await db.run(`CREATE OR REPLACE TEMP TABLE ${REPEATED} (_h UBIGINT)`);
  for (let slice = 0; slice < slices; slice++) {
    await db.run(
      `INSERT INTO temp.${REPEATED} SELECT _key_hash ${good} AND _key_hash % ${slices} = ${slice} GROUP BY _key_hash HAVING count(*) > 1`,
    );
  }
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${DUPLICATES} AS
     SELECT ${keys.join(', ')}, max(_row) AS _last, count(*) AS _n ${good} AND _key_hash IN (SELECT _h FROM temp.${REPEATED})
     GROUP BY ALL HAVING count(*) > 1`,
  );
  const superseded = await db.scalar(`SELECT coalesce(sum(_n - 1), 0) FROM temp.${DUPLICATES}`);
  effects.log.debug({ kind, fileId, replaced, superseded }, 'ingest: writing rows');
  const columns = spec.columns.map((c) => ident(c.name));
  const current = superseded > 0 ? '(d._last IS NULL OR d._last = p._row)' : 'true';
  await db.run(
    `INSERT INTO ${table} (${columns.join(', ')}, _file_id, _row, _current, _superseded_by)
     SELECT ${columns.map((c) => `p.${c}`).join(', ')}, $id, p._row, ${current}, CASE WHEN NOT ${current} THEN $id END
     FROM (SELECT * ${good}) AS p
     ${superseded > 0 ? `LEFT JOIN temp.${DUPLICATES} AS d ON ${keys.map((k) => `p.${k} IS NOT DISTINCT FROM d.${k}`).join(' AND ')}` : ''}`,
    { id: fileId },
  );
  const dateColumn = spec.dateColumn === undefined ? undefined : ident(spec.dateColumn);
  const { unchanged, datedLater } = replaced > 0 ? await compareReplaced(db, { table, keys, columns, fileId, dateColumn }) : { unchanged: 0, datedLater: 0 };
  effects.log.debug({ kind, fileId, unchanged, datedLater }, 'ingest: rows written');
  const loaded = input.counts.read - input.counts.rejected - superseded;

  await recordFile(db, {
    fileId,
    kind,
    path,
    contentHash: input.contentHash,
    format: input.prepared.format,
    dialect: input.prepared.dialect,
    rowsRead: input.counts.read,
    rowsLoaded: loaded,
    rowsRejected: input.counts.rejected,
    rowsSuperseded: superseded,
    rowsIgnored: input.counts.ignored,
    extraColumns: input.prepared.extra,
    loadedAt: effects.now(),
  });
  const rejects = await db.all<{ row: number | null; column: string | null; value: string | null; reason: string }>(
    `SELECT "row", "column", "value", reason FROM meta.rejects WHERE file_id = $id ORDER BY "row", "column" LIMIT ${FIRST_REASONS}`,
    { id: fileId },
  );
  return { fileId, loaded, superseded, replaced, unchanged, datedLater, firstReasons: rejects.map((r) => reasonText(r, input.prepared.written)) };
}
