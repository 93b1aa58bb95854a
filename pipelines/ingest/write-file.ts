/**
 * Writes one parsed file in its transaction: its rejects, the end of the earlier versions its
 * keys replace, its rows (the last row of a key repeated within the file in force), and its
 * ledger entry.
 */
import { basename } from 'node:path';
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';
import { type Db, ident } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import type { FileFormat } from './file-format.ts';
import { shownFileName } from './value-shapes.ts';
import { nextFileId, recordFile, sqlTimestamp } from './ledger.ts';
import { FIRST_REASONS, reasonText } from './summary.ts';
import { reasonCounts } from './reject-counts.ts';
import { compareReplaced } from './changed-versions.ts';
import { lit } from './sql-literal.ts';

const DUPLICATES = '_ingest_dups';
const REPEATED = '_ingest_repeated_keys';
/** The TEMP tables writeFile leaves behind (dropped with the parsed ones after each file). */
export const WRITE_TEMP_TABLES = [DUPLICATES, REPEATED] as const;
/** Rows per slice of the repeated-key search (see writeFile). */
const DUPLICATE_SLICE_ROWS = 1_500_000;
/** Superseded rows named in the summary, the first by number. */
const SUPERSEDED_ROWS_SHOWN = 10;
/** Reject reasons a file's result carries for its reasons file: a whole file of bad rows stays readable. */
export const REASONS_KEPT = 1000;

export interface FileCounts {
  read: number;
  ignored: number;
  rejected: number;
}

interface WriteInput {
  path: string;
  kind: Kind;
  contentHash: string;
  /** The TEMP view of parsed rows (_row, _blank, _errs, _key_hash and the kind's columns). */
  parsed: string;
  prepared: { format: FileFormat; dialect: string; extra: readonly string[]; written: ReadonlyMap<string, string> };
  counts: FileCounts;
  effects: Effects;
  /** Told as the rows go into the raw table (a progress display names the step). */
  storing?: () => void;
}

export async function writeFile(db: Db, input: WriteInput) {
  const { kind, path, effects } = input;
  const spec = KIND_SPECS[kind];
  const table = `raw.${ident(kind)}`;
  const fileId = await nextFileId(db);
  const at = sqlTimestamp(effects.now());
  const good = `FROM temp.${input.parsed} WHERE _errs IS NULL AND NOT _blank`;
  const keys = spec.key.map(ident);

  await db.run(
    `INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at, header)
     SELECT $id, $kind, $name, _row, r."column", r."value", r.reason, $at::TIMESTAMP, ${headerAsWritten('r."column"', input.prepared.written)}
     FROM (SELECT _row, unnest(_errs) AS r FROM temp.${input.parsed} WHERE _errs IS NOT NULL)`,
    { id: fileId, kind, name: shownFileName(basename(path)), at },
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
  // which rows, so that the sender can look (the contract: "reports the earlier one as superseded")
  const supersededRows =
    superseded === 0
      ? []
      : (
          await db.all<{ r: number }>(
            `SELECT p._row AS r FROM temp.${input.parsed} AS p
             JOIN temp.${DUPLICATES} AS d ON ${keys.map((k) => `p.${k} IS NOT DISTINCT FROM d.${k}`).join(' AND ')}
             WHERE p._errs IS NULL AND NOT p._blank AND p._row <> d._last
             ORDER BY p._row LIMIT ${SUPERSEDED_ROWS_SHOWN}`,
          )
        ).map((row) => Number(row.r));
  effects.log.debug({ kind, fileId, replaced, superseded }, 'ingest: writing rows');
  const columns = spec.columns.map((c) => ident(c.name));
  const current = superseded > 0 ? '(d._last IS NULL OR d._last = p._row)' : 'true';
  // A column the file does not have was not delivered, not emptied: a record it replaces
  // keeps that column's earlier value (a measures extract without places or contract
  // dates set them NULL for every measure it repeated; a participations extract without
  // Austritt re-opened closed stays). An empty cell of a column the file has still empties it.
  const carried = replaced > 0 ? spec.columns.filter((c) => !input.prepared.written.has(c.name) && !spec.key.includes(c.name)).map((c) => c.name) : [];
  const carriedSet = new Set(carried);
  input.storing?.();
  await db.run(
    `INSERT INTO ${table} (${columns.join(', ')}, _file_id, _row, _current, _superseded_by)
     SELECT ${spec.columns.map((c) => (carriedSet.has(c.name) ? `coalesce(o.${ident(c.name)}, p.${ident(c.name)})` : `p.${ident(c.name)}`)).join(', ')},
       $id, p._row, ${current}, CASE WHEN NOT ${current} THEN $id END
     FROM (SELECT * ${good}) AS p
     ${superseded > 0 ? `LEFT JOIN temp.${DUPLICATES} AS d ON ${keys.map((k) => `p.${k} IS NOT DISTINCT FROM d.${k}`).join(' AND ')}` : ''}
     ${carried.length > 0 ? `LEFT JOIN (SELECT * FROM ${table} WHERE _superseded_by = $id AND _file_id <> $id) AS o ON ${keys.map((k) => `p.${k} IS NOT DISTINCT FROM o.${k}`).join(' AND ')}` : ''}`,
    { id: fileId },
  );
  // named where a replaced record had a value there (else nothing was kept)
  const kept =
    carried.length === 0
      ? []
      : Object.entries(
          (await db.one<Record<string, bigint>>(
            `SELECT ${carried.map((c) => `count(${ident(c)}) AS ${ident(c)}`).join(', ')} FROM ${table} WHERE _superseded_by = $id AND _file_id <> $id`,
            { id: fileId },
          )) ?? {},
        ).flatMap(([column, n]) => (Number(n) > 0 ? [column] : []));
  if (kept.length > 0) effects.log.info({ kind, fileId, kept }, 'ingest: columns not in the file kept from the records replaced');
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
    columnsRead: [...input.prepared.written.keys()],
    loadedAt: effects.now(),
  });
  const rejectLines = input.counts.rejected === 0 ? 0 : await db.scalar('SELECT count(*) FROM meta.rejects WHERE file_id = $id', { id: fileId });
  const rejects = await db.all<{ row: number | null; column: string | null; value: string | null; reason: string }>(
    `SELECT "row", "column", "value", reason FROM meta.rejects WHERE file_id = $id ORDER BY "row", "column" LIMIT ${REASONS_KEPT}`,
    { id: fileId },
  );
  const reasons = rejects.map((r) => reasonText(r, input.prepared.written));
  // counted by column and reason for the terminal: the first rows alone repeat the same reasons
  const counts = input.counts.rejected === 0 ? undefined : await reasonCounts(db, fileId, FIRST_REASONS);
  // only when a record was replaced: a new record simply has no value there
  const carriedNote = kept.length > 0 ? [`not in the file, kept from the ${replaced === 1 ? 'record' : 'records'} it replaced: ${kept.join(', ')}`] : [];
  return { fileId, loaded, superseded, supersededRows, replaced, unchanged, datedLater, firstReasons: reasons.slice(0, FIRST_REASONS), reasonCounts: counts, reasons, rejectLines, carriedNote };
}

/**
 * The header cell the file wrote for a contract column (`Geschlecht` for gender), as SQL over
 * `column`: `almp rejects` is the list the clerk sends back to the sender, who knows the file's
 * own headers. Only headers that were mapped to a column (a known name), quoted as literals.
 */
function headerAsWritten(column: string, written: ReadonlyMap<string, string>): string {
  const cases = [...written].filter(([name, header]) => header !== name).map(([name, header]) => `WHEN ${lit(name)} THEN ${lit(header)}`);
  return cases.length > 0 ? `CASE ${column} ${cases.join(' ')} END` : 'NULL';
}
