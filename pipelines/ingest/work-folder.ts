/**
 * The folder an ingest writes a file's UTF-8 copy into (a Windows-1252 or UTF-16 CSV, see
 * transcode.ts): `<db>.ingest-<pid>-XXXXXX`, mode 0700, beside the database. The copy holds
 * the file's raw Kundennummern; in $TMPDIR a killed ingest (kill -9, power loss) left it
 * for good, where neither the next run nor `almp doctor` looked. Beside the database the next
 * writer finds it (ops/crash-leftovers.ts), and the pid in the name tells a live process's
 * folder from a dead one's. A database in memory (tests) takes the system's temporary folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

/** `<db file name>.ingest-<pid>-<6 characters mkdtemp adds>` */
const FOLDER = /^(.*)\.ingest-(\d+)-[A-Za-z0-9]{6}$/;

export function makeWorkFolder(dbPath: string, pid: number = process.pid): string {
  const prefix = dbPath === ':memory:' ? join(tmpdir(), `almp-ingest-${pid}-`) : `${resolve(dbPath)}.ingest-${pid}-`;
  return mkdtempSync(prefix);
}

/** The pid in the name of an ingest's work folder of the database `dbPath`, or undefined when `name` is none. */
export function workFolderPid(dbPath: string, name: string): number | undefined {
  const match = FOLDER.exec(name);
  return match && match[1] === basename(dbPath) ? Number(match[2]) : undefined;
}
