/**
 * The folder an ingest writes a file's UTF-8 copy into (a Windows-1252 or UTF-16 CSV, see
 * transcode.ts): `<db>.ingest-<pid>-XXXXXX`, mode 0700, beside the database. The copy holds
 * the file's raw Kundennummern; in $TMPDIR, where earlier versions wrote it, a killed ingest
 * (kill -9, power loss) left it for good (ops/old-temp-copies.ts finds those now). Beside the database the next
 * writer finds it (ops/crash-leftovers.ts), and the pid in the name tells a live process's
 * folder from a dead one's. A federation import copies an export's raw files into one too
 * (`<db>.import-<pid>-XXXXXX`). A database in memory (tests) takes the system's temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { onInterrupt } from '../interruption.ts';

/**
 * Who made the folder: an ingest (a re-encoded copy of an input file) or a federation import
 * (its own copy of an export's raw files, federation/private-copy.ts); both hold raw records.
 */
export type WorkFolderPurpose = 'ingest' | 'import';

/** `<db file name>.<purpose>-<pid>-<6 characters mkdtemp adds>` */
const FOLDER = /^(.*)\.(ingest|import)-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * Made and, on Ctrl-C or SIGTERM, removed before the process ends (interruption.ts): an
 * interrupted ingest of a Windows-1252 file of 300,000 rows left its 30 MB copy with every raw
 * Kundennummer until some later writer started — after a one-off ingest, never (a privacy audit).
 */
export function makeWorkFolder(dbPath: string, purpose: WorkFolderPurpose = 'ingest', pid: number = process.pid): string {
  const prefix = dbPath === ':memory:' ? join(tmpdir(), `almp-${purpose}-${pid}-`) : `${resolve(dbPath)}.${purpose}-${pid}-`;
  const dir = mkdtempSync(prefix);
  forgetters.set(dir, onInterrupt(() => rmSync(dir, { recursive: true, force: true })));
  return dir;
}

/** Removes a folder makeWorkFolder made, and its interrupt step. */
export function removeWorkFolder(dir: string): void {
  forgetters.get(dir)?.();
  forgetters.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

const forgetters = new Map<string, () => void>();

/** The maker and pid in the name of a work folder of the database `dbPath`, or undefined when `name` is none. */
export function workFolderOf(dbPath: string, name: string): { purpose: WorkFolderPurpose; pid: number } | undefined {
  const match = FOLDER.exec(name);
  return match && match[1] === basename(dbPath) ? { purpose: match[2] as WorkFolderPurpose, pid: Number(match[3]) } : undefined;
}
