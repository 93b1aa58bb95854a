/**
 * What a re-delivered file did to the versions it replaced, and what became of a file's
 * records after it. A provider re-sends the whole file to correct four rows; "27 earlier
 * versions replaced" alone did not tell the controller that 23 of them were identical (a
 * controller's review). And "later" means ingested later (contracts.md): an older delivery
 * loaded after a newer one silently took back its corrections, and loading the newer file
 * again changes nothing (same content) — both are said at ingest.
 */
import type { Db } from '../db/database.ts';

export interface ReplacedVersions {
  /** Replaced versions the file repeats with every column unchanged. */
  readonly unchanged: number;
  /** Replaced versions dated later (dateColumn) than the version that replaced them. */
  readonly datedLater: number;
}

export async function compareReplaced(
  db: Db,
  input: { table: string; keys: readonly string[]; columns: readonly string[]; fileId: number; dateColumn?: string },
): Promise<ReplacedVersions> {
  const { table, keys, columns, fileId, dateColumn } = input;
  // only a date outside the key can differ between two versions of one record
  const later = dateColumn && !keys.includes(dateColumn) ? `o.${dateColumn} > n.${dateColumn}` : 'false';
  // The old version of a key is the one this file took out of force (one per key: only the
  // current version is replaced); this file's own repeated rows are not earlier versions.
  const row = await db.one<{ unchanged: bigint; dated_later: bigint }>(
    `SELECT count(*) FILTER (WHERE ${columns.map((c) => `o.${c} IS NOT DISTINCT FROM n.${c}`).join(' AND ')}) AS unchanged,
            count(*) FILTER (WHERE ${later}) AS dated_later
     FROM ${table} AS n
     JOIN ${table} AS o ON ${keys.map((k) => `o.${k} IS NOT DISTINCT FROM n.${k}`).join(' AND ')}
     WHERE n._file_id = $id AND n._current AND o._superseded_by = $id AND o._file_id <> $id`,
    { id: fileId },
  );
  return { unchanged: Number(row?.unchanged ?? 0), datedLater: Number(row?.dated_later ?? 0) };
}

/** Records of a loaded file that a later file has replaced since (not those its own later rows replaced). */
export async function countReplacedSince(db: Db, table: string, fileId: number): Promise<number> {
  return db.scalar(`SELECT count(*) FROM ${table} WHERE _file_id = $id AND _superseded_by <> $id`, { id: fileId });
}
