/**
 * What a writer killed before it ended (kill -9, an OOM kill, power loss) leaves beside the
 * database, raw Kundennummern in both: DuckDB's spill files in `<db>.tmp/` (a large ingest
 * spills the rows it reads before they are pseudonymised; 2.4 GB after a killed 2.7 GB
 * attendance ingest) and an ingest's re-encoded copy of a file in `<db>.ingest-<pid>-…/`
 * (ingest/work-folder.ts), and a federation import's copy of an export's raw files in
 * `<db>.import-<pid>-…/`. Nothing else ever removed them. The writer removes them at its
 * start (commands/open-db.ts), holding the writer lock and DuckDB's exclusive lock on the
 * file, so no other process can be using the spill files; a work folder whose process is
 * alive is kept all the same. `almp doctor` names them meanwhile.
 */
import { readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { workFolderOf } from '../ingest/work-folder.ts';
import { permissionError } from '../errors.ts';
import { processAlive } from './writer-lock.ts';

export interface Leftover {
  readonly path: string;
  readonly bytes: number;
  /** 'spill': DuckDB's temporary files in `<db>.tmp/`; 'copy': an ingest's re-encoded copy of an input file; 'import': an import's copy of an export's raw files; 'compact': a rewrite of the database cut short (`<db>.compact.tmp`, every record of it). */
  readonly what: 'spill' | 'copy' | 'import' | 'compact';
}

/** DuckDB's temporary folder for a database file: its default, `<db>.tmp`, which almp does not change. */
export const spillFolderOf = (dbPath: string): string => `${dbPath}.tmp`;

/** DuckDB's names for its spill files (duckdb_temp_storage_DEFAULT-0.tmp, duckdb_temp_block-…). */
const SPILL_FILE = /^duckdb_temp_/;

/**
 * The spill files (one entry for all of them) and the work folders of dead processes beside
 * `dbPath`. With `spillInUse` (a live writer holds the lock) the spill files are that writer's.
 */
export function findLeftovers(dbPath: string, options: { spillInUse?: boolean; alive?: (pid: number) => boolean } = {}): Leftover[] {
  if (dbPath === ':memory:') return [];
  const alive = options.alive ?? processAlive;
  const found: Leftover[] = [];
  if (!options.spillInUse) {
    const files = entries(spillFolderOf(dbPath)).filter((name) => SPILL_FILE.test(name));
    const bytes = files.reduce((sum, name) => sum + sizeOf(join(spillFolderOf(dbPath), name)), 0);
    if (files.length > 0) found.push({ path: spillFolderOf(dbPath), bytes, what: 'spill' });
  }
  // a rewrite (Db.compact) cut short by a signal or a full disk; the writer making one holds the lock
  // — or its .wal alone: the release before c9c44c2 removed only the copy (1.8× the database left, a review)
  const compactCopy = `${dbPath}.compact.tmp`;
  const compactParts = [compactCopy, `${compactCopy}.wal`].filter((part) => entries(dirname(dbPath)).includes(basename(part)));
  if (!options.spillInUse && compactParts.length > 0) found.push({ path: compactCopy, bytes: compactParts.reduce((sum, part) => sum + sizeOf(part), 0), what: 'compact' });
  for (const name of entries(dirname(dbPath))) {
    const folder = workFolderOf(dbPath, name);
    if (folder === undefined || alive(folder.pid)) continue;
    const path = join(dirname(dbPath), name);
    found.push({ path, bytes: sizeOf(path), what: folder.purpose === 'import' ? 'import' : 'copy' });
  }
  return found;
}

/** Removes what findLeftovers finds (spill files only, never the folder DuckDB may be using); returns what it removed. */
export function removeLeftovers(dbPath: string, alive?: (pid: number) => boolean): Leftover[] {
  const found = findLeftovers(dbPath, alive ? { alive } : {});
  for (const leftover of found) {
    if (leftover.what === 'compact') for (const part of [leftover.path, `${leftover.path}.wal`]) rmSync(part, { force: true });
    else if (leftover.what !== 'spill') rmSync(leftover.path, { recursive: true, force: true });
    else for (const name of entries(leftover.path).filter((n) => SPILL_FILE.test(n))) unlinkSync(join(leftover.path, name));
  }
  return found;
}

/** 'almp.duckdb.tmp (DuckDB's spill files, 2,4 GB)': for a message. */
export function describeLeftover(leftover: Leftover, size: (bytes: number) => string): string {
  const what = { spill: "DuckDB's spill files", copy: 'a re-encoded copy of an input file', import: "an import's copy of an export's raw files", compact: 'a rewrite of the database cut short' }[leftover.what];
  return `${leftover.path} (${what}, ${size(leftover.bytes)})`;
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch (error) {
    // none yet; a folder this user may not read is left to doctor's other checks
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR' || permissionError(error)) return [];
    throw error;
  }
}

/** Bytes of a file, or of all the files in a folder. */
function sizeOf(path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
  } catch {
    return 0;
  }
}
