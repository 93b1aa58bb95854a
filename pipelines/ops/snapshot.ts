/**
 * Read-only snapshots for readers (dashboards, BI tools, `almp query`). After each
 * successful build the writer checkpoints the database (the file then holds every
 * committed change, the WAL is empty), copies it to `snapshots/<timestamp>.duckdb`, and
 * atomically replaces the one-line pointer file `snapshots/current` (write + rename).
 * Readers open the file `current` names, read-only: they never take or wait for the
 * writer lock, and the writer never waits for them. The last N snapshots are kept;
 * the current one is never removed.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import type { ItemResult } from '../results.ts';
import { AlmpError, CliError } from '../errors.ts';

export const CURRENT = 'current';
/** One line: the database the current snapshot was copied from (two databases can share a folder). */
export const SOURCE = 'source';
const SNAPSHOT = /^\d{8}T\d{9}Z(-\d+)?\.duckdb$/;

export interface SnapshotOptions {
  readonly dir: string;
  /** How many snapshots to keep (at least 1). */
  readonly keep: number;
}

/** Publishes a snapshot of the open (writer) database; returns a per-item result. */
export async function publishSnapshot(db: Db, options: SnapshotOptions, effects: Effects): Promise<ItemResult> {
  const t0 = Date.now();
  try {
    mkdirSync(options.dir, { recursive: true });
    await db.checkpoint();
    const name = freeSnapshotName(options.dir, effects.now());
    const temp = join(options.dir, `.${name}.tmp`);
    copyFileSync(db.path, temp);
    // a copy takes the database file's mode, which a file made by an older almp had open to all
    // (0644): owner and group only, whatever made the file and whatever the umask
    chmodSync(temp, 0o640);
    renameSync(temp, join(options.dir, name));
    const sourceTemp = join(options.dir, `.${SOURCE}.tmp`);
    writeFileSync(sourceTemp, `${canonical(db.path)}\n`);
    renameSync(sourceTemp, join(options.dir, SOURCE));
    const pointerTemp = join(options.dir, `.${CURRENT}.tmp`);
    writeFileSync(pointerTemp, `${name}\n`);
    renameSync(pointerTemp, join(options.dir, CURRENT));
    const removed = pruneSnapshots(options.dir, options.keep);
    effects.log.info({ event: 'snapshot_published', snapshot: name, removed: removed.length }, 'snapshot published');
    return { name: 'snapshot', status: 'success', ms: Date.now() - t0, path: join(options.dir, name) };
  } catch (error) {
    return { name: 'snapshot', status: 'error', ms: Date.now() - t0, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Points readers at snapshot `name` of database `dbPath` (after `almp restore`: readers then
 * see what the live database holds, not the later snapshot the restore went back from).
 */
export function pointCurrentAt(dir: string, name: string, dbPath: string): void {
  const sourceTemp = join(dir, `.${SOURCE}.tmp`);
  writeFileSync(sourceTemp, `${canonical(dbPath)}\n`);
  renameSync(sourceTemp, join(dir, SOURCE));
  const pointerTemp = join(dir, `.${CURRENT}.tmp`);
  writeFileSync(pointerTemp, `${name}\n`);
  renameSync(pointerTemp, join(dir, CURRENT));
}

/** Path of the current snapshot, or undefined when none has been published. */
export function currentSnapshot(dir: string): string | undefined {
  const pointer = join(dir, CURRENT);
  if (!existsSync(pointer)) return undefined;
  const name = readFileSync(pointer, 'utf8').trim();
  // The pointer is data on disk: accept only a snapshot file name, never a path.
  if (!SNAPSHOT.test(name) || basename(name) !== name) return undefined;
  const path = join(dir, name);
  return existsSync(path) ? path : undefined;
}

/**
 * The current snapshot, refused when it was copied from another database than `dbPath`:
 * databases beside each other share the default snapshot folder, and a reader asking about
 * one got the figures (and as-of) of whichever was built last, without a word.
 */
/** What every command says when --db names no file (commands/open-db.ts requireDatabase). */
export function noDatabase(dbPath: string): CliError {
  return new CliError(`There is no database at ${dbPath}.`, 'Check --db or ALMP_DB (the default is data/almp.duckdb), or load files first with almp ingest <files>.');
}

export function requireSnapshot(dir: string, dbPath?: string): string {
  const path = currentSnapshot(dir);
  // neither a database nor a snapshot: a mistyped --db, as the other commands say it (exit 2)
  if (!path && dbPath !== undefined && !existsSync(dbPath)) throw noDatabase(dbPath);
  if (!path) {
    throw new AlmpError(
      `No published snapshot in ${dir}.`,
      'A snapshot is published after each successful model build (almp run, almp start, almp schedule). Run one, then ask again.',
    );
  }
  const source = snapshotSource(dir);
  // a reader with the snapshot folder but no live file here (another host) cannot compare;
  // where the snapshots' own database is here, a --db naming no file is a mistyped one (it
  // answered with the neighbour's figures, exit 0)
  if (dbPath !== undefined && !existsSync(dbPath) && source !== undefined && source !== canonical(dbPath) && existsSync(source)) {
    throw new CliError(`There is no database at ${dbPath}.`, `The snapshots in ${dir} are copies of ${source}: give --db ${source} to read them, or check --db or ALMP_DB.`);
  }
  if (dbPath !== undefined && existsSync(dbPath) && source !== undefined && source !== canonical(dbPath)) {
    throw new AlmpError(
      `The current snapshot in ${dir} is a copy of ${source}, not of ${canonical(dbPath)}.`,
      'Databases in one folder share its snapshots: give each database its own folder (or its own snapshots folder in a schedule file, --config), then run almp run for it again.',
    );
  }
  return path;
}

/** The database the folder's snapshots were copied from, as recorded beside them (undefined: not recorded). */
export function snapshotSource(dir: string): string | undefined {
  const sourceFile = join(dir, SOURCE);
  return existsSync(sourceFile) ? readFileSync(sourceFile, 'utf8').trim() : undefined;
}

/** Whether the folder's snapshots are another database's (recorded source differs from `dbPath`). */
export function snapshotOfOther(dir: string, dbPath: string): string | undefined {
  const source = snapshotSource(dir);
  return source !== undefined && source !== canonical(dbPath) ? source : undefined;
}

/** One spelling per database file: absolute, symbolic links resolved (when it exists). */
function canonical(path: string): string {
  return existsSync(path) ? realpathSync(path) : resolve(path);
}

/** Removes all but the newest `keep` snapshots, never the current one; returns the removed names. */
export function pruneSnapshots(dir: string, keep: number): string[] {
  const current = currentSnapshot(dir);
  const all = readdirSync(dir).filter((f) => SNAPSHOT.test(f)).sort(byAge);
  const excess = all.slice(0, Math.max(0, all.length - Math.max(1, keep)));
  const removed: string[] = [];
  for (const name of excess) {
    if (current && join(dir, name) === current) continue;
    // A reader that still has it open keeps reading: unlink only drops the name.
    unlinkSync(join(dir, name));
    removed.push(name);
  }
  return removed;
}

/** Oldest first: by timestamp, then by the counter of snapshots published in the same millisecond. */
function byAge(a: string, b: string): number {
  const key = (name: string) => [name.slice(0, 19), Number(/-(\d+)\.duckdb$/.exec(name)?.[1] ?? 1)] as const;
  const [ta, na] = key(a);
  const [tb, nb] = key(b);
  return ta === tb ? na - nb : ta < tb ? -1 : 1;
}

function freeSnapshotName(dir: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, ''); // 20260310T101500123Z
  let name = `${stamp}.duckdb`;
  for (let n = 2; existsSync(join(dir, name)); n++) name = `${stamp}-${n}.duckdb`;
  return name;
}
