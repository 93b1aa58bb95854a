/**
 * The storage format of the database file. DuckDB writes new files in its v1.0.0 format
 * unless told otherwise; almp creates them in v1.3.0, whose string compression (dictionary
 * + FSST, DICT_FSST) writes the marts faster: at 10^6 participations the model build took
 * 37.4–38.2 s instead of 39.9–41.2 s, alternating on copies of one database in the two
 * formats, the attendance ingest 11.9–12.1 s instead of 12.4–12.5 s, and the built file is
 * 7 % smaller. Any DuckDB from 1.3 on (May 2025) opens such a file, e.g. a BI tool reading a
 * snapshot; an older one refuses it with DuckDB's version error.
 *
 * A database created before keeps its format (DuckDB does not convert a file it opens):
 * there DICT_FSST does not exist yet, and in v1.3.0 the older DICTIONARY may no longer be
 * chosen. Models declare dict_fsst; on an older file the runner writes dictionary instead.
 */
import type { Db } from './database.ts';

/** The format of files almp creates (DuckDB's storage_compatibility_version). */
export const STORAGE_VERSION = 'v1.3.0';

/** The storage version of the open database, as DuckDB names it ('v1.0.0', 'v1.3.0'). */
export async function storageVersionOf(db: Db): Promise<string> {
  const row = await db.one<{ version: string | null }>(
    "SELECT tags['storage_version'] AS version FROM duckdb_databases() WHERE database_name = current_database()",
  );
  // DuckDB reports the oldest release that reads the file, e.g. 'v1.0.0+'
  return (row?.version ?? 'v1.0.0').replace(/\+$/, '');
}

/** Whether a file of this storage version has DICT_FSST (v1.3.0 and later). */
export function hasDictFsst(version: string): boolean {
  const [major = 0, minor = 0] = /^v(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number) ?? [];
  return major > 1 || (major === 1 && minor >= 3);
}

/** A model's SQL for a file of this storage version: dict_fsst becomes dictionary before v1.3.0. */
export function forStorageVersion(sql: string, version: string): string {
  return hasDictFsst(version) ? sql : sql.replace(/\bUSING\s+COMPRESSION\s+dict_fsst\b/gi, 'USING COMPRESSION dictionary');
}
