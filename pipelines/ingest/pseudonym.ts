/**
 * Pseudonymisation at the edge (contracts.md): HMAC-SHA-256 over the trimmed, upper-cased
 * participant id with a secret key that never enters the database.
 *
 * The HMAC is computed inside DuckDB (RFC 2104 spelled out with its built-in sha256 over
 * BLOBs), so raw ids are hashed in the same vectorised SELECT that reads the file and are
 * never materialised. The two padded keys are bound parameters, never SQL text.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync, statSync, rmSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, permissionError } from '../errors.ts';
import { MAKE_KEY } from '../config.ts';
import { makeFolders } from '../folders.ts';

const BLOCK = 64; // SHA-256 block size in bytes
/** The shortest key a key file may hold (almp writes 64 hex characters); ALMP_PSEUDONYM_KEY's is config.ts's. */
const KEY_FILE_MIN = 32;

export interface PseudonymKey {
  readonly key: Buffer;
  /** Where it came from, for `almp doctor` (never the key itself). */
  readonly source: 'env' | 'file' | 'created';
}

/** Loads the key from the environment value or the key file; creates the file (0600) on first use. */
export function loadKey(options: { pseudonymKey?: string; keyFile: string }): PseudonymKey {
  if (options.pseudonymKey) return { key: Buffer.from(options.pseudonymKey, 'utf8'), source: 'env' };
  if (existsSync(options.keyFile)) return { key: Buffer.from(readKeyFile(options.keyFile), 'utf8'), source: 'file' };
  madeFor.set(options.keyFile, makeFolders(dirname(options.keyFile)));
  writeFileSync(options.keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(options.keyFile, 0o600);
  return { key: Buffer.from(readFileSync(options.keyFile, 'utf8').trim(), 'utf8'), source: 'created' };
}

/** The folders loadKey made for each key file it created (this process only). */
const madeFor = new Map<string, string[]>();

/**
 * Removes a key file loadKey created a moment ago, and the folders it made for it: a new key
 * refused for a filled database (key-guard.ts) left `--key-file /nonexist/dir/k.key`'s
 * /nonexist/dir behind at the filesystem root. A folder that holds anything else by now stays.
 */
export function removeNewKey(keyFile: string): void {
  rmSync(keyFile, { force: true });
  for (const folder of (madeFor.get(keyFile) ?? []).reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      break; // not empty (another file went in meanwhile), or gone: the folders above stay too
    }
  }
  madeFor.delete(keyFile);
}

/**
 * The key a key file holds. One the user may not read is said so, with read access as the
 * remedy: it ended as "Unexpected error" or with a hint to find 'a user who may write there'.
 */
export function readKeyFile(keyFile: string): string {
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8').trim();
  } catch (error) {
    throw permissionError(error, 'read') ?? error;
  }
  // a configuration error, as ALMP_PSEUDONYM_KEY=short is (it was exit 1 here, 2 there)
  if (text.length < KEY_FILE_MIN) {
    throw new CliError(
      `The pseudonym key file ${keyFile} is too short: ${text.length} characters, where a key file holds at least ${KEY_FILE_MIN}.`,
      `Restore the original key file from your backup: a new key breaks the link to the data loaded with the old one. If nothing was loaded yet, make a key: ${MAKE_KEY} > ${keyFile} (then chmod 600 it), or delete the file and the next ingest makes one.`,
    );
  }
  return text;
}

/**
 * True when group or others can read the key file. On Windows the mode bits say nothing
 * (Node reports 0666 for every writable file; access is an ACL), so this is never true there.
 */
export function keyFileTooOpen(keyFile: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32' && existsSync(keyFile) && (statSync(keyFile).mode & 0o077) !== 0;
}

/** The same pseudonym in plain Node, for tests and for checks outside SQL. */
export function pseudonymise(rawId: string, key: Buffer): string {
  return createHmac('sha256', key).update(rawId.trim().toUpperCase(), 'utf8').digest('hex');
}

/** Inner and outer padded keys (K' xor ipad, K' xor opad) as bound BLOB parameters. */
export function hmacParams(key: Buffer): { ipad: Buffer; opad: Buffer } {
  const k = Buffer.alloc(BLOCK);
  (key.length > BLOCK ? createHmacKeyDigest(key) : key).copy(k);
  const ipad = Buffer.alloc(BLOCK);
  const opad = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    ipad[i] = k[i]! ^ 0x36;
    opad[i] = k[i]! ^ 0x5c;
  }
  return { ipad, opad };
}

function createHmacKeyDigest(key: Buffer): Buffer {
  // RFC 2104: keys longer than the block size are hashed first.
  return createHash('sha256').update(key).digest();
}

/**
 * SQL expression for the pseudonym of the VARCHAR expression `column`, with the padded
 * keys bound as `$ipad` and `$opad` (BLOB). Empty ids stay NULL (and are rejected).
 */
export function pseudonymSql(column: string): string {
  // NULL propagates through every step, so an empty id needs no CASE (and the id is
  // normalised once, not twice: this runs for every row, 5.5M times for attendance).
  return `sha256($opad::BLOB || unhex(sha256($ipad::BLOB || encode(nullif(upper(trim(${column})), '')))))`;
}

/**
 * The pseudonym as its 32 digest bytes (BLOB) instead of 64 hex characters: half the memory
 * while a file's parsed rows wait in the TEMP table (5.5M attendance rows: 0.18 GB less).
 * pseudonymFromDigestSql turns it back into the stored hex text.
 */
export function pseudonymDigestSql(column: string): string {
  return `unhex(${pseudonymSql(column)})`;
}

/** Hex text of a digest from pseudonymDigestSql: byte-identical to pseudonymSql. */
export function pseudonymFromDigestSql(digest: string): string {
  return `lower(hex(${digest}))`;
}
