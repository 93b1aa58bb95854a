/**
 * One writing process per database: a lock file `<db>.lock` beside the DuckDB file holds
 * the writer's pid, host and start time. A second writer waits (bounded) and then gives
 * up with a message naming the holder. A lock left by a dead process on this host is
 * stale and is taken over, so a crash never blocks the pipeline for good.
 *
 * The lock file is the polite layer that gives clear messages; DuckDB's own exclusive
 * file lock stays the hard guarantee (see open-db.ts): even if two processes raced past
 * the file, the second read-write open of the database fails instead of corrupting it.
 */
import { hostname } from 'node:os';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AlmpError } from '../errors.ts';
import { makeFolders } from '../folders.ts';
import { DEFAULT_TIMEZONE } from '../schedule/working-days.ts';
import { onInterrupt } from '../interruption.ts';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /**
   * The holder process's start time as the kernel counts it (Linux: /proc/<pid>/stat,
   * field 22), so that a pid reused after a crash (by another process, or by a restarted
   * almp in a container) is not taken for the holder. Absent where /proc is not available.
   */
  readonly start?: string;
  /** Not almp: a program holding DuckDB's own lock on the file (a BI tool, a DuckDB shell); never written to a lock file. */
  readonly external?: boolean;
}

export interface WriterLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): void;
}

export interface LockOptions {
  /** How long a second writer waits before giving up (ms). */
  readonly waitMs: number;
  readonly pollMs?: number;
  /** Called once when the lock is busy and the caller starts waiting. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
  readonly now?: () => Date;
}

export function lockPathFor(dbPath: string): string {
  return `${dbPath}.lock`;
}

/** Held by `almp rotate-key` besides the scheduler's lock, which the scheduler reads to tell the two apart. */
export const rotationLockPath = (dbPath: string): string => `${dbPath}.rotate.lock`;

/** The current holder of the lock file, or undefined when there is none (or it is unreadable). */
export function readLockHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    const start = typeof parsed.start === 'string' ? { start: parsed.start } : {};
    return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? ''), ...start };
  } catch {
    return undefined;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The kernel's start time of a process (Linux), or undefined when it cannot be read. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces and parentheses): state is field 3
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * A holder on this host whose process is gone, or whose pid now belongs to a process that
 * started later (pid reuse). Holders on other hosts are never judged stale.
 */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (!processAlive(holder.pid)) return true;
  const start = holder.start === undefined ? undefined : processStart(holder.pid);
  return start !== undefined && start !== holder.start;
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another almp process';
  if (holder.external) return `process pid ${holder.pid} (not almp: a program with the database file open, e.g. a BI tool or a DuckDB shell)`;
  // the wall clock, as almp status shows times (the lock keeps UTC: "since …T17:00:00.000Z" read an hour off)
  const since = holder.since && !Number.isNaN(Date.parse(holder.since)) ? `, since ${new Intl.DateTimeFormat('de-DE', { timeZone: DEFAULT_TIMEZONE, dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(holder.since))}` : '';
  return `almp process pid ${holder.pid} on ${holder.host}${since}`;
}

/** How old a lock file that names no holder must be to be taken over (almp links a whole file, so one being written is never seen). */
const NO_HOLDER_STALE_MS = 10_000;

/**
 * A lock file that can be read but names no holder (empty, or not almp's JSON: a power loss
 * before its write reached the disk, an editor's leftover), older than a few seconds: stale.
 * One that cannot be read (another user's) is not judged.
 */
function namesNoHolder(lockPath: string, now: () => Date): boolean {
  try {
    readFileSync(lockPath, 'utf8');
    return now().getTime() - statSync(lockPath).mtimeMs > NO_HOLDER_STALE_MS;
  } catch {
    return false;
  }
}

/** Tries once; returns the lock or the holder that has it. Removes a stale lock first. */
export function tryAcquire(lockPath: string, now: () => Date = () => new Date()): WriterLock | { busy: LockHolder | undefined } {
  makeFolders(dirname(lockPath));
  const start = processStart(process.pid);
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: now().toISOString(), ...(start === undefined ? {} : { start }) };
  // Written to a private file and hard-linked into place: link() fails if the lock exists,
  // and a reader never sees a half-written lock file.
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    // inside the try: with the disk full the file is created and its write fails (ENOSPC);
    // outside, each such attempt left an empty lock.<pid>.<hex> beside the database
    // on the disk before it is linked: after a power loss an empty lock file named no holder
    // and every writer waited for it for good
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, JSON.stringify(holder));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(temp, lockPath);
        // Ctrl-C or SIGTERM ends the process without the finally that releases it (exit-on-signal.ts)
        const forget = onInterrupt(() => releaseIfOurs(lockPath, holder));
        return {
          path: lockPath,
          holder,
          release: () => {
            forget();
            releaseIfOurs(lockPath, holder);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = readLockHolder(lockPath);
        if (attempt === 0 && (current ? isStale(current) : namesNoHolder(lockPath, now))) {
          unlinkQuietly(lockPath);
          continue;
        }
        return { busy: current };
      }
    }
    return { busy: readLockHolder(lockPath) };
  } finally {
    unlinkQuietly(temp);
  }
}

/** Runs `work` holding the lock at `lockPath`, taken at once or refused with the error `busy` makes. */
export async function withLockOrRefuse<T>(lockPath: string, busy: (holder: LockHolder | undefined) => AlmpError, work: () => Promise<T>): Promise<T> {
  const lock = tryAcquire(lockPath);
  if ('busy' in lock) throw busy(lock.busy);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/** Waits up to `waitMs` for the lock; throws an AlmpError naming the holder when it stays busy. */
export async function acquireWriterLock(dbPath: string, options: LockOptions): Promise<WriterLock> {
  const lockPath = lockPathFor(dbPath);
  const deadline = Date.now() + options.waitMs;
  let warned = false;
  for (;;) {
    const result = tryAcquire(lockPath, options.now);
    if ('release' in result) return result;
    if (Date.now() >= deadline) throw busyError(dbPath, result.busy, options.waitMs);
    if (!warned) {
      options.onWait?.(result.busy);
      warned = true;
    }
    await sleep(Math.min(options.pollMs ?? 200, Math.max(1, deadline - Date.now())));
  }
}

export function busyError(dbPath: string, holder: LockHolder | undefined, waitedMs: number): AlmpError {
  return new AlmpError(
    `The database ${dbPath} is being written by ${describeHolder(holder)}; gave up after waiting ${Math.round(waitedMs / 1000)} s.`,
    holder?.external
      ? `Close that program's connection to ${dbPath} (or stop it: kill ${holder.pid}), then run the command again; tools that only read should open the published snapshot (almp query shows where).`
      : holder
      ? `Wait until that process has finished (or stop it: kill ${holder.pid}), then run the command again. Readers use the published snapshot (almp query) and never need the lock.`
      : 'Wait until the other process has finished, then run the command again.',
    75, // EX_TEMPFAIL: try again later
  );
}

function releaseIfOurs(lockPath: string, holder: LockHolder): void {
  const current = readLockHolder(lockPath);
  if (current && current.pid === holder.pid && current.since === holder.since) unlinkQuietly(lockPath);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
