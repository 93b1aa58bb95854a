/**
 * What `almp rotate-key` refuses before it reads or writes anything of weight: a new database
 * that is not a new file, the leftovers of a rotation that stopped, and a new key file that is
 * not a new key. An operator after a leak works under stress: a refusal names the file and
 * never advises deleting one it cannot tell apart from the database in service.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import { AlmpError, CliError, permissionError } from '../errors.ts';
import { keyFingerprint } from '../ingest/key-guard.ts';
import { keyFileTooOpen } from '../ingest/pseudonym.ts';

/** The unfinished new database: renamed to --new-db only once it is complete and compared. */
export const partialPath = (newDb: string): string => `${newDb}.partial`;

/** Every file an unfinished rotation may leave (DuckDB's WAL, the copy of a compaction). */
export const partialFiles = (newDb: string): string[] => {
  const partial = partialPath(newDb);
  return [partial, `${partial}.wal`, `${partial}.compact.tmp`, `${partial}.compact.tmp.wal`];
};

const sameFile = (a: string, b: string): boolean => {
  const [x, y] = [statSync(a), statSync(b)];
  return x.dev === y.dev && x.ino === y.ino;
};

/** A database that holds anything is not overwritten: a rotation starts from nothing. */
export function refuseNewDatabase(config: Config, newDb: string): void {
  if (newDb === config.dbPath || (existsSync(newDb) && existsSync(config.dbPath) && sameFile(newDb, config.dbPath))) {
    throw new CliError(`--new-db ${newDb} is the database in use (--db / ALMP_DB${newDb === config.dbPath ? '' : `, by a link or another path: ${config.dbPath}`}): the new database must be another file.`);
  }
  if (existsSync(newDb) && statSync(newDb).isDirectory()) {
    throw new CliError(`--new-db ${newDb} is a folder: give the file the new database is to be, e.g. ${newDb.replace(/\/$/, '')}/almp.duckdb.`);
  }
  const left = partialFiles(newDb).filter((path) => existsSync(path));
  if (left.length > 0) {
    throw new AlmpError(
      `${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} left from a rotation into ${newDb} that stopped before it finished (interrupted, or the machine failed it): unfinished, and it may hold persons erased with almp forget. The old database was not changed.`,
      `Delete ${left.length === 1 ? 'it' : 'them'} (rm ${left.join(' ')}), then rotate again; the new key file can be given again.`,
    );
  }
  refuseUnwritableFolder('--new-db', newDb);
  for (const path of [newDb, `${newDb}.wal`]) {
    if (existsSync(path) && statSync(path).size > 0) {
      throw new CliError(
        `${path} exists and is not empty: a rotation builds its new database from nothing.`,
        `Give another --new-db. If ${path} is the new database of an earlier rotation you mean to redo, delete it and its .wal first — never the database in service (${config.dbPath}).`,
      );
    }
  }
}

/** Far more than any key (almp makes 65 bytes; a base64 key of 96 bytes is 130). */
const MAX_KEY_BYTES = 4096;

/** The new key must be a key, and new: the old one is the one that leaked (or expired). */
export function refuseNewKeyFile(config: Config, newKeyFile: string, oldFingerprint: string | undefined, effects: Effects): void {
  if (!existsSync(newKeyFile)) return refuseUnwritableFolder('--new-key-file', newKeyFile);
  const createIt = 'Give a --new-key-file that does not exist yet: almp creates a new key there (owner-only).';
  if (statSync(newKeyFile).isDirectory()) throw new CliError(`--new-key-file ${newKeyFile} is a folder, not a key file.`, createIt);
  // a swapped or mistyped option names a database or a snapshot: taken as the key, the step that deletes the old files would delete it
  const bytes = statSync(newKeyFile).size;
  if (bytes > MAX_KEY_BYTES || readFileSync(newKeyFile).includes(0)) {
    throw new CliError(`--new-key-file ${newKeyFile} is not a key file: ${bytes} bytes${bytes > MAX_KEY_BYTES ? '' : ' with binary data'} (a database, a snapshot?), where a key is a line of text of at least 32 characters.`, createIt);
  }
  const text = readFileSync(newKeyFile, 'utf8').trim();
  if (text.length < 32) {
    throw new CliError(`--new-key-file ${newKeyFile} exists but holds no key (${text.length} characters; a key has at least 32).`, `Delete it, or give a path that does not exist yet: almp creates a new key there (owner-only).`);
  }
  const newKey = Buffer.from(text, 'utf8');
  const oldKey = config.pseudonymKey ? Buffer.from(config.pseudonymKey, 'utf8') : existsSync(config.keyFile) ? Buffer.from(readFileSync(config.keyFile, 'utf8').trim(), 'utf8') : undefined;
  if (keyFingerprint(newKey) === oldFingerprint || (oldKey !== undefined && oldKey.equals(newKey))) {
    throw new CliError(`${newKeyFile} holds the key the old database was made with (fingerprint ${keyFingerprint(newKey)}): rotating to it changes nothing.`, createIt);
  }
  if (keyFileTooOpen(newKeyFile)) {
    effects.warn(`The new key file ${newKeyFile} is readable by others (mode ${(statSync(newKeyFile).mode & 0o777).toString(8)}): chmod 600 ${newKeyFile} (almp doctor counts it an error).`);
  }
}

/** Found by the dry run, not by --yes after the archive is hashed and a key made. */
function refuseUnwritableFolder(option: string, path: string): void {
  let dir = dirname(path);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) throw new CliError(`${option} ${path} cannot be created: ${dir} is a file, not a folder.`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw permissionError(error) ?? error;
  }
}
