/**
 * `almp forget`: erase persons (Art. 17 GDPR). Every version of their records leaves raw.*
 * in one transaction; a model build follows, so core tables and marts no longer hold them;
 * the file is rewritten without the bytes of deleted rows; then a fresh snapshot is
 * published and every older one removed (each holds the person).
 * What it cannot reach it names: archived input files that still hold the raw id.
 */
import { MARTS_BUILT_DDL } from '../models/marts-version.ts';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { DuckDBBlobValue } from '@duckdb/node-api';
import { hmacParams, pseudonymise, pseudonymSql } from '../ingest/pseudonym.ts';
import { idCharacterProblem } from '../ingest/id-characters.ts';
import { KIND_SPECS, KINDS } from '../schema/kinds.ts';
import { count } from '../counts.ts';
import { beforeRestoreCopies } from './restore.ts';

export interface ForgetOptions {
  readonly ids: readonly string[];
  /** Count what would be erased, change nothing. */
  readonly dryRun: boolean;
  readonly key: Buffer;
  /** Builds the models again (false: the build failed and rolled back). */
  readonly rebuild: (db: Db) => Promise<boolean>;
  /** Publishes a snapshot and removes all older ones. */
  readonly replaceSnapshots: (db: Db) => Promise<void>;
  /** Folders of kept input files (archive, quarantine): searched for the raw ids. */
  readonly keptFiles: readonly string[];
}

export interface ForgetResult {
  /** Records removed per kind (all versions). */
  readonly removed: Readonly<Record<string, number>>;
  /** Ids with records (a second spelling of one id counts once). */
  readonly persons: number;
  /** Positions (1-based, in the order given) of the ids without any record: mistyped, or never loaded. */
  readonly notFound: readonly number[];
  /** Kept input files that still hold one of the raw ids (text files; spreadsheets cannot be searched). */
  readonly stillIn: readonly string[];
  readonly unsearchable: readonly string[];
  /** Whole copies of the database beside it (`almp restore` keeps the file it replaced): they hold the person. */
  readonly databaseCopies: readonly string[];
}

const PERSON_KINDS = KINDS.filter((kind) => KIND_SPECS[kind].columns.some((c) => c.type === 'pid'));

export async function forgetPersons(db: Db, options: ForgetOptions, effects: Effects): Promise<ForgetResult> {
  const pseudonyms = await pseudonymsOf(db, options.ids, options.key, effects);
  const removed: Record<string, number> = Object.fromEntries(PERSON_KINDS.map((kind) => [kind, 0]));
  // per id, so that a mistyped one among several is named instead of counted as a person
  const found = options.ids.map(() => 0);
  const seen = new Set<string>();
  const each = async (records: (kind: string, p: string) => Promise<number>) => {
    for (const [i, ps] of pseudonyms.entries()) {
      const fresh = ps.filter((p) => !seen.has(p));
      // another spelling of an id already given (ingest upper-cases ids): the same person
      if (fresh.length === 0) found[i] = -1;
      for (const p of fresh) {
        seen.add(p);
        for (const kind of PERSON_KINDS) {
          const n = await records(kind, p);
          removed[kind]! += n;
          found[i]! += n;
        }
      }
    }
  };
  const persons = () => ({ persons: found.filter((n) => n > 0).length, notFound: found.flatMap((n, i) => (n === 0 ? [i + 1] : [])) });
  if (options.dryRun) {
    await each((kind, p) => db.scalar(`SELECT count(*) FROM raw.${ident(kind)} WHERE participant_id = $p`, { p }));
    return { removed, ...persons(), ...searchKeptFiles(options.keptFiles, options.ids), databaseCopies: beforeRestoreCopies(db.path) };
  }
  await db.transaction(async () => {
    await each(async (kind, p) => (await db.connection.run(`DELETE FROM raw.${ident(kind)} WHERE participant_id = $p`, { p })).rowsChanged);
    // the built tables hold the person until the rebuild below; if it never runs (stopped,
    // out of memory) almp check must not read them as current (its reuse, check.ts)
    await db.run(MARTS_BUILT_DDL);
    await db.run('UPDATE meta.marts_built SET run_id = -1');
    // at a state, where an erased record came from (federation/source.ts) goes with it
    for (const kind of PERSON_KINDS) {
      await db.run(
        `DELETE FROM meta.record_sources AS s WHERE s.file_id IN (SELECT file_id FROM meta.files WHERE kind = $kind)
           AND NOT EXISTS (SELECT 1 FROM raw.${ident(kind)} AS r WHERE r._file_id = s.file_id AND r._row = s."row")`,
        { kind },
      );
    }
  });
  const total = Object.values(removed).reduce((n, r) => n + r, 0);
  effects.log.info({ event: 'persons_forgotten', persons: found.filter((n) => n > 0).length, records: total }, 'persons forgotten');
  if (total > 0) {
    if (!(await options.rebuild(db))) throw new Error('the records are erased, but the model build failed: core tables and marts still hold them until `almp run` succeeds');
    // deleted rows stay in the file's bytes (and a snapshot copies them) until it is rewritten
    await db.compact();
    await options.replaceSnapshots(db);
  }
  const { stillIn, unsearchable } = searchKeptFiles(options.keptFiles, options.ids);
  return { removed, ...persons(), stillIn, unsearchable, databaseCopies: beforeRestoreCopies(db.path) };
}

/**
 * The pseudonyms ingest made of these ids: in Node (XLSX, JSON) and in DuckDB (CSV). They are
 * one for every id ingest accepts; they differed for ids with a tab or another control at
 * either end, or ß (Node's trim() and toUpperCase() are not DuckDB's), which ingest now refuses
 * (id-characters.ts) but loaded before.
 */
async function pseudonymsOf(db: Db, ids: readonly string[], key: Buffer, effects: Effects): Promise<string[][]> {
  const { ipad, opad } = hmacParams(key);
  const result: string[][] = [];
  for (const [i, id] of ids.entries()) {
    const problem = idCharacterProblem('participant_id', id);
    if (problem) effects.warn(`Kundennummer ${i + 1} of ${ids.length} ${problem.split(': ')[0]}: ingest refuses such ids, so only records loaded before under it are found; give the id without it too.`);
    const found = new Set([pseudonymise(id, key)]);
    const [row] = await db.json<{ p: string }>(`SELECT ${pseudonymSql('$id')} AS p`, { id, ipad: new DuckDBBlobValue(ipad), opad: new DuckDBBlobValue(opad) });
    if (row?.p) found.add(row.p);
    result.push([...found]);
  }
  return result;
}


function searchKeptFiles(dirs: readonly string[], ids: readonly string[]): { stillIn: string[]; unsearchable: string[] } {
  const wanted = ids.map((id) => id.trim().toUpperCase()).filter((id) => id !== '');
  const stillIn: string[] = [];
  const unsearchable: string[] = [];
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      if (/\.(xlsx|xlsm|zip)$/i.test(file)) {
        unsearchable.push(relative(dir, file));
        continue;
      }
      try {
        if (fileHolds(file, wanted)) stillIn.push(file);
      } catch {
        unsearchable.push(relative(dir, file)); // unreadable: named, as a workbook is
      }
    }
  }
  return { stillIn, unsearchable };
}

const SEARCH_CHUNK = 8 * 2 ** 20;

/**
 * Whether the file's text (as Latin-1, upper case) holds one of the ids, read a piece at a
 * time: read whole, an archived attendance file of 266 MB took the dry run to 1.3 GB, and
 * one over 512 MiB (Node's longest string) ended it with 'Cannot create a string longer
 * than …' — after a real run had erased the person, before it named the files still
 * holding the id. Each piece starts with the end of the one before, so an id across the
 * boundary is found.
 */
function fileHolds(file: string, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return false;
  const overlap = Math.max(...wanted.map((id) => id.length)) - 1;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SEARCH_CHUNK);
    let carry = '';
    for (let read = readSync(fd, buffer, 0, SEARCH_CHUNK, null); read > 0; read = readSync(fd, buffer, 0, SEARCH_CHUNK, null)) {
      const text = carry + buffer.toString('latin1', 0, read).toUpperCase();
      if (wanted.some((id) => text.includes(id))) return true;
      carry = overlap > 0 ? text.slice(-overlap) : '';
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * Regular files only, links not followed: the inbox job quarantines a sender's links as
 * links (dangling, or to /dev/zero), which a followed stat failed on and a read would hang on.
 */
function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/** What was (or would be) erased, and what is left to do by hand; `given`: how many ids were given. */
export function printForget(result: ForgetResult, given: number, dryRun: boolean, effects: Effects): void {
  const total = Object.values(result.removed).reduce((n, r) => n + r, 0);
  const perKind = Object.entries(result.removed).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  if (total === 0) {
    effects.out(`No records of ${given === 1 ? 'this person' : `these ${count(given, 'person')}`} in the database (check the Kundennummer).`);
  } else if (dryRun) {
    effects.out(`Would erase ${count(total, 'record')} of ${count(result.persons, 'person')} (${perKind}). Nothing changed: add --yes to erase.`);
  } else {
    effects.out(`Erased ${count(total, 'record')} of ${count(result.persons, 'person')} (${perKind}); models rebuilt; older snapshots removed.`);
  }
  // positions, not the ids: the raw Kundennummer goes to no terminal log or ticket from here
  if (total > 0 && result.notFound.length > 0) {
    const which = result.notFound.length === 1 ? `Kundennummer ${result.notFound[0]} of ${given} has` : `Kundennummern ${result.notFound.join(', ')} of ${given} have`;
    effects.warn(`${which} no records in the database (mistyped, or never loaded): nothing ${dryRun ? 'would be' : 'was'} erased for ${result.notFound.length === 1 ? 'it' : 'them'}; check ${result.notFound.length === 1 ? 'it' : 'them'} and run almp forget again if needed.`);
  }
  for (const file of result.stillIn) effects.warn(`Still in a kept input file (delete or redact it): ${file}`);
  // not opened (another DuckDB file, perhaps of another key): it may or may not hold the
  // person — "still in" beside "no records of this person" read as a contradiction
  for (const file of result.databaseCopies) effects.warn(`Not searched, may still hold ${given === 1 ? 'the person' : 'them'}: the database copy almp restore set aside (delete it once the restore is confirmed): ${file}`);
  if (result.unsearchable.length > 0) effects.warn(`${count(result.unsearchable.length, 'kept spreadsheet')} cannot be searched; check them by hand: ${result.unsearchable.slice(0, 5).join(', ')}${result.unsearchable.length > 5 ? ', …' : ''}`);
  if (!dryRun && total > 0) {
    // A state instance keeps counting the person until it ingests an export made after this
    // (a later export of an instance replaces its earlier one there: federation/instance.ts).
    effects.warn(
      'Copies almp does not manage (export folders, on this machine too; backups; returns already sent) are not reached: export again (almp export) for every state instance that ingests your exports — the next export takes the person out of its figures, and the state erases its earlier copies by its deletion concept — and follow your deletion concept for the rest.',
    );
  }
}
