/**
 * Opens the configured database for writing, brings it to the current layout, and always
 * closes it. Opening takes the writer lock (pipelines/ops/writer-lock.ts): a second writer
 * waits a bounded time with a message, then stops with one that names the holder.
 */
import { existsSync } from 'node:fs';
import { Db } from '../db/database.ts';
import { bootstrap } from '../db/bootstrap.ts';
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import { CliError } from '../errors.ts';
import { acquireWriterLock, busyError, describeHolder, sleep } from '../ops/writer-lock.ts';
import { ensureLedger } from '../schedule/job-ledger.ts';
import { describeLeftover, removeLeftovers } from '../ops/crash-leftovers.ts';
import { describeOldTempCopy, removeOldTempCopies } from '../ops/old-temp-copies.ts';
import { noDatabase } from '../ops/snapshot.ts';
import { size } from '../ops/doctor-disk.ts';
import { startWriting, stopWriting } from './writing.ts';

export interface OpenOptions {
  /** Where the "waiting for the writer" message goes (stderr via effects.warn). */
  readonly effects?: Effects;
  /** Bounded wait for another writer, default 30 s. */
  readonly waitMs?: number;
}

export const DEFAULT_LOCK_WAIT_MS = 30_000;

/**
 * Verbs that read what ingest loaded (run, check, dashboards, returns, export) refuse a
 * database that does not exist: opening would create an empty one, and a mistyped --db
 * would then "succeed" with no data (and a new key beside it).
 */
export function requireDatabase(config: Config): void {
  if (existsSync(config.dbPath)) return;
  throw noDatabase(config.dbPath);
}

export { isWriting } from './writing.ts';

export async function withDb<T>(config: Config, work: (db: Db) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const started = Date.now();
  // Without injected effects (plain CLI calls) the person at the terminal still learns why it waits.
  const warn = options.effects?.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const onWait = (who: string) => {
    warn(`Waiting up to ${Math.round(waitMs / 1000)} s for ${who} to finish writing ${config.dbPath} …`);
    options.effects?.log.warn({ event: 'writer_wait', db: config.dbPath }, 'waiting for the writer lock');
  };
  const lock = await acquireWriterLock(config.dbPath, { waitMs, onWait: (holder) => onWait(describeHolder(holder)) });
  startWriting();
  try {
    const db = await openRetryingOnEngineLock(config, Math.max(0, waitMs - (Date.now() - started)), onWait);
    try {
      // both locks held, before the first statement: what a killed writer left is no one's now
      clearLeftovers(config.dbPath, warn, options.effects);
      if (config.tempDir) clearOldTempCopies(config.tempDir, warn, options.effects);
      await bootstrap(db);
      await ensureLedger(db);
      return await work(db);
    } finally {
      db.close();
    }
  } finally {
    stopWriting();
    lock.release();
  }
}

/** Removes raw ids a killed writer left beside the database (ops/crash-leftovers.ts), and says so; a failure to is said, not fatal. */
function clearLeftovers(dbPath: string, warn: (line: string) => void, effects: Effects | undefined): void {
  try {
    const removed = removeLeftovers(dbPath);
    if (removed.length === 0) return;
    warn(`Removed what a run killed before it ended left beside the database, with raw Kundennummern: ${removed.map((l) => describeLeftover(l, size)).join('; ')}.`);
    effects?.log.warn({ event: 'leftovers_removed', paths: removed.map((l) => l.path), bytes: removed.reduce((sum, l) => sum + l.bytes, 0) }, 'removed the leftovers of a killed run');
  } catch (error) {
    warn(`Could not remove what a run killed before it ended left beside ${dbPath} (${error instanceof Error ? error.message : String(error)}); almp doctor names it — delete it while no almp process runs.`);
  }
}

/** Removes an old version's copies of input files in the temporary folder untouched for a day (ops/old-temp-copies.ts), and says so. */
function clearOldTempCopies(tempDir: string, warn: (line: string) => void, effects: Effects | undefined): void {
  try {
    const removed = removeOldTempCopies(tempDir, effects?.now() ?? new Date());
    if (removed.length === 0) return;
    warn(`Removed what an ingest of an earlier almp version, killed before it ended, left in the temporary folder, with raw Kundennummern: ${removed.map((c) => describeOldTempCopy(c, size)).join('; ')}.`);
    effects?.log.warn({ event: 'old_temp_copies_removed', paths: removed.map((c) => c.path), bytes: removed.reduce((sum, c) => sum + c.bytes, 0) }, 'removed copies an old version left in the temporary folder');
  } catch (error) {
    warn(`Could not remove the copies an old version left in ${tempDir} (${error instanceof Error ? error.message : String(error)}); almp doctor names them.`);
  }
}

/**
 * DuckDB refuses a second read-write open of a file ("Could not set lock on file … PID n").
 * That happens when a process outside this lock protocol (a BI tool, an old version, a
 * short-lived `almp status`) has the file open: treat it like a busy lock and retry.
 */
async function openRetryingOnEngineLock(config: Config, waitMs: number, onWait: (who: string) => void): Promise<Db> {
  const deadline = Date.now() + waitMs;
  let warned = false;
  for (;;) {
    try {
      return await Db.open(config.dbPath, { memoryLimit: config.memoryLimit, threads: config.threads });
    } catch (error) {
      const holderPid = engineLockHolder(error);
      if (holderPid === undefined) throw error;
      if (Date.now() >= deadline) throw busyError(config.dbPath, { pid: holderPid, host: 'this host', since: '', external: true }, waitMs);
      if (!warned) onWait(`process pid ${holderPid}`);
      warned = true;
      await sleep(200);
    }
  }
}

/** The pid in DuckDB's lock conflict message, or undefined when the error is something else. */
export function engineLockHolder(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/Could not set lock on file/i.test(message)) return undefined;
  const pid = /\(PID (\d+)\)/.exec(message)?.[1];
  return pid ? Number(pid) : 0;
}

/** Read-only open (a published snapshot, or the live file for a quick look); never takes the lock. */
export async function withReadOnlyDb<T>(path: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await Db.open(path, { readOnly: true });
  try {
    return await work(db);
  } finally {
    db.close();
  }
}
