/**
 * Versions before 947aa2f wrote an ingest's UTF-8 copy of a Windows-1252 or UTF-16 CSV into
 * `$TMPDIR/almp-ingest-XXXXXX/utf8.csv` (mkdtemp's six characters, no pid), raw Kundennummern
 * and all; a killed ingest left it there for good, and since the copies moved beside the
 * database (ingest/work-folder.ts) nothing looks in the temporary folder. `almp doctor` names
 * such folders with their size; the next writer removes those untouched for a day
 * (commands/open-db.ts).
 *
 * Without a pid in the name a live ingest's folder cannot be told from a dead one's, and the
 * writer lock does not help: the temporary folder is shared by every database on the machine,
 * and an old version ingesting into another one holds no lock of ours. Age can tell: the old
 * ingest wrote the copy and then read it to load that one file, which takes seconds to minutes
 * (10^6 rows), and removed it at the end of that file; a folder whose folder and copy are both
 * untouched for 24 hours belongs to no ingest that is still running.
 *
 * Only folders of exactly that shape are touched: the name (`almp-ingest-bench-…` of the bench
 * and the tests' `almp-ingest-test-…` differ), a real folder (no symbolic link) of this user
 * holding nothing but `utf8.csv`; anything else in it means the folder is not (only) ours.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The old name: `almp-ingest-` and the six characters mkdtemp adds. */
const OLD_FOLDER = /^almp-ingest-[A-Za-z0-9]{6}$/;
/** What the old ingest wrote into it (transcode.ts). */
const COPY = 'utf8.csv';
/** Untouched this long: no ingest of an old version is using it (see above). */
export const OLD_COPY_REMOVE_AFTER_MS = 24 * 60 * 60 * 1000;

export interface OldTempCopy {
  readonly path: string;
  readonly bytes: number;
  /** Last change to the folder or the copy in it. */
  readonly modified: Date;
}

/** The old-style copy folders in `tempDir`, in name order. */
export function findOldTempCopies(tempDir: string): OldTempCopy[] {
  const found: OldTempCopy[] = [];
  for (const name of entries(tempDir).filter((n) => OLD_FOLDER.test(n))) {
    const path = join(tempDir, name);
    const copy = oldCopy(path);
    if (copy) found.push(copy);
  }
  return found;
}

/** Removes the old-style copy folders untouched for a day at `now`; returns those it removed. */
export function removeOldTempCopies(tempDir: string, now: Date): OldTempCopy[] {
  const stale = findOldTempCopies(tempDir).filter((copy) => isStale(copy, now));
  for (const copy of stale) rmSync(copy.path, { recursive: true, force: true });
  return stale;
}

export function isStale(copy: OldTempCopy, now: Date): boolean {
  return now.getTime() - copy.modified.getTime() >= OLD_COPY_REMOVE_AFTER_MS;
}

/** '/tmp/almp-ingest-AbC123 (1,0 MB, untouched for 3 days)': for a message; `now` adds how long it has been untouched. */
export function describeOldTempCopy(copy: OldTempCopy, size: (bytes: number) => string, now?: Date): string {
  if (now === undefined) return `${copy.path} (${size(copy.bytes)})`;
  const hours = Math.max(0, Math.floor((now.getTime() - copy.modified.getTime()) / 3_600_000));
  const age = hours >= 48 ? `${Math.floor(hours / 24)} days` : hours === 1 ? '1 hour' : `${hours} hours`;
  return `${copy.path} (${size(copy.bytes)}, untouched for ${age})`;
}

function oldCopy(path: string): OldTempCopy | undefined {
  try {
    const folder = lstatSync(path);
    if (!folder.isDirectory() || (process.getuid !== undefined && folder.uid !== process.getuid())) return undefined;
    const inside = readdirSync(path);
    if (inside.some((name) => name !== COPY)) return undefined;
    const file = inside.length ? lstatSync(join(path, COPY)) : undefined;
    if (file && !file.isFile()) return undefined;
    const modified = Math.max(folder.mtimeMs, file?.mtimeMs ?? 0);
    return { path, bytes: file?.size ?? 0, modified: new Date(modified) };
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return []; // no temporary folder, or one this user may not read: nothing of ours there
  }
}
