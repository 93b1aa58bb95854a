/**
 * A database remembers the fingerprint of the pseudonym key its ids were made with. A lost
 * key file silently replaced by a new one (or a mistyped --key-file) would otherwise load
 * new files whose pseudonyms link to nothing already loaded: every report unmatched, every
 * person counted twice, with no error. The fingerprint is an HMAC of a fixed label, never
 * the key.
 */
import { createHmac } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { AlmpError } from '../errors.ts';
import { removeNewKey } from './pseudonym.ts';

/** HMAC of a fixed label under the key: equal fingerprints ⇒ pseudonyms link up. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('almp-monitor key fingerprint v1').digest('hex').slice(0, 16);
}

export class KeyMismatchError extends AlmpError {}

/** The fingerprint the database's pseudonyms were made with, if any file was ingested. */
export async function storedKeyFingerprint(db: Db): Promise<string | undefined> {
  const rows = await db.json<{ fingerprint: string }>('SELECT fingerprint FROM meta.pseudonym_key LIMIT 1');
  return rows[0]?.fingerprint;
}

/**
 * Refuses a key other than the one the database was filled with; records the key on the
 * first use (a database filled before fingerprints were kept takes the key it meets first).
 * When the database held files already, the key is taken without proof — a wrong one then
 * locked the right one out with 'put the original key file back' (an upgrade audit): said
 * here, as export and import take it as well as ingest (a review).
 */
export async function ensureSameKey(db: Db, key: Buffer, keyLocation: string, effects: Pick<Effects, 'warn'>, doing: 'load' | 'export' = 'load'): Promise<void> {
  if ((await storedKeyFingerprint(db)) === undefined) {
    await db.run('INSERT INTO meta.pseudonym_key VALUES ($fingerprint, current_timestamp::TIMESTAMP)', { fingerprint: keyFingerprint(key) });
    if ((await db.scalar('SELECT count(*) FROM meta.files')) > 0) effects.warn(adoptedKeyWarning(key, keyLocation, doing));
    return;
  }
  await refuseOtherKey(db, key, keyLocation, 'nothing was loaded');
}

/** The warning for a key taken as a filled database's own ('adopted'). */
export function adoptedKeyWarning(key: Buffer, keyLocation: string, doing: 'load' | 'export' = 'load'): string {
  // an export loads nothing: what a wrong key does there is stamp the export (a review)
  const then =
    doing === 'export'
      ? 'this export is stamped with it, which no state instance using the original key loads: restore the database from before this command and export with the original key'
      : 'the files loaded now link to none of them: restore the database from before this command and ingest with the original key';
  return `This database kept no fingerprint of its pseudonym key (almp before 2026-12-02): the key in use now (${keyLocation}, fingerprint ${keyFingerprint(key)}) is recorded as its key from now on, and any other is refused. If its data were made with another key, ${then}.`;
}

/**
 * Refuses a key whose fingerprint differs from the database's (records nothing). `done`
 * says what was not done: the scheduler checks at its start, or a wrong key ran it
 * "successfully" until the first file arrived, hours later, and failed every ingest then.
 */
export async function refuseOtherKey(db: Db, key: Buffer, keyLocation: string, done: string): Promise<void> {
  const fingerprint = keyFingerprint(key);
  const stored = await storedKeyFingerprint(db);
  if (stored === undefined || stored === fingerprint) return;
  // Which key is right cannot be told from the data; one taken at the first ingest after an
  // upgrade was said then (adoptedKeyWarning). Telling it apart by timestamps misread a rotated
  // database (its files keep their old load times) as an upgraded one (a review).
  throw new KeyMismatchError(
    `The pseudonym key (${keyLocation}, fingerprint ${fingerprint}) is not the key this database was filled with (fingerprint ${stored}); ${done}, as its ids would link to none of the data already there.`,
    'Put the original key file back (from your backup) or give the original key in ALMP_PSEUDONYM_KEY; to start afresh with this key, use a new database (--db). (A database that kept no fingerprint before an upgrade took the key of the first command that used one after it — ingest, export or the import of an export — which said so.)',
  );
}

/**
 * A database filled before fingerprints were kept (almp before 2026-12-02 22:06) has none,
 * so ensureSameKey takes the first key it meets. After an upgrade without the key file
 * that was a key made a moment ago: it loaded the next provider file with 72 of 72 reports
 * unmatched (reports_unmatched 8 → 80), recorded itself as the database's key and would
 * then have refused the original. A key just created cannot be the one loaded files were
 * made with: refused, and its file removed so the next attempt does not take it either.
 * The same for a database that keeps a fingerprint: the key file forgotten (moved to a
 * backup folder, ALMP_KEY_FILE not set in this shell) got a new key, the terminal said
 * "Created a new pseudonym key … Back it up" before the mismatch, and the useless key stayed.
 */
export async function refuseNewKeyForFilledDb(db: Db, keyFile: string): Promise<void> {
  const stored = await storedKeyFingerprint(db);
  const files = await db.scalar('SELECT count(*) FROM meta.files');
  if (stored === undefined && files === 0) return;
  removeNewKey(keyFile);
  if (files === 0) {
    // An ingest whose every file was refused records its key all the same ('already holds 0 loaded files, whose ids …').
    throw new KeyMismatchError(
      `There was no pseudonym key at ${keyFile}, so a new one was made; but this database recorded the key of its first ingest (fingerprint ${stored}), though no file has loaded yet. Nothing was done, and the new key file was removed again.`,
      'Put that key file back or give that key in ALMP_PSEUDONYM_KEY; or, as nothing is loaded, start afresh: delete the database file, or use a new database (--db).',
    );
  }
  throw new KeyMismatchError(
    `There was no pseudonym key at ${keyFile}, so a new one was made; but this database already holds ${files} loaded files, whose ids were made with the earlier key${stored === undefined ? '' : ` (fingerprint ${stored})`}. Nothing was done, and the new key file was removed again.`,
    'Put the original key file back (from your backup) or give the original key in ALMP_PSEUDONYM_KEY; to start afresh with a new key, use a new database (--db).',
  );
}
