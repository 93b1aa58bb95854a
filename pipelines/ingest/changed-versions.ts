/**
 * How many of the versions a re-delivered file replaced it repeats unchanged. A provider
 * re-sends the whole file to correct four rows; "27 earlier versions replaced" alone did
 * not tell the controller that 23 of them were identical (a controller's review).
 */
import type { Db } from '../db/database.ts';

export async function countUnchanged(db: Db, input: { table: string; keys: readonly string[]; columns: readonly string[]; fileId: number }): Promise<number> {
  const { table, keys, columns, fileId } = input;
  // The old version of a key is the one this file took out of force (one per key: only the
  // current version is replaced); this file's own repeated rows are not earlier versions.
  return db.scalar(
    `SELECT count(*) FROM ${table} AS n
     JOIN ${table} AS o ON ${keys.map((k) => `o.${k} IS NOT DISTINCT FROM n.${k}`).join(' AND ')}
     WHERE n._file_id = $id AND n._current AND o._superseded_by = $id AND o._file_id <> $id
       AND ${columns.map((c) => `o.${c} IS NOT DISTINCT FROM n.${c}`).join(' AND ')}`,
    { id: fileId },
  );
}
