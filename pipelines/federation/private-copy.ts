/**
 * The folder an import reads an export's raw files from: its own copy, made before any
 * check. Checked in the export folder and read from there, a raw file swapped after its
 * digest was checked and swapped back after the read loaded bytes no one had checked (the
 * export folder is a share or a USB stick others can write to); checked again after the read,
 * it still passed. The copy is the import's alone (mode 0700), so the bytes checked are the
 * bytes read.
 */
import { makeWorkFolder, removeWorkFolder } from '../ingest/work-folder.ts';

/**
 * A new folder (mode 0700) beside the database, `<db>.import-<pid>-XXXXXX`: the raw files of an
 * export of 10^6 participations are hundreds of MB, more than a /tmp in memory may hold, and
 * the database's disk has room for them, as it will hold their rows. The pid lets the next
 * writer remove the folder of an import killed before it ended (ops/crash-leftovers.ts). A
 * database in memory (tests) takes the system's temporary folder.
 */
export function privateFolder(dbPath: string): string {
  return makeWorkFolder(dbPath, 'import');
}

export function removePrivateFolder(folder: string): void {
  removeWorkFolder(folder);
}
