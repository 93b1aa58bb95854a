/** `almp ingest`: load files into the store, pseudonymising participant ids at the edge. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { almpCommand, DEFAULT_DB, type Config } from '../config.ts';
import { AlmpError, CliError, isMachineTrouble } from '../errors.ts';
import type { Effects } from '../effects.ts';
import type { Kind } from '../schema/kinds.ts';
import { ingestPaths, listFiles, type FileIngestResult } from '../ingest/ingest.ts';
import { keyFileTooOpen, loadKey } from '../ingest/pseudonym.ts';
import { refuseNewKeyForFilledDb, storedKeyFingerprint } from '../ingest/key-guard.ts';
import { removeNewKey } from '../ingest/pseudonym.ts';
import { withDb } from './open-db.ts';
import { importExport, isExportFolder } from '../federation/import.ts';
import type { ItemResult } from '../results.ts';
import { recordByHand } from './record-by-hand.ts';
import { files, rows as rowCount } from '../counts.ts';

export async function ingestCommand(
  config: Config,
  options: { paths: string[]; kind?: Kind; sheet?: string; replaces?: string; /** the caller builds next (almp start): no 'Next: almp run' */ thenBuild?: boolean },
  effects: Effects,
): Promise<FileIngestResult[]> {
  // nothing that exists to read: say so before a key or a database is created
  if (options.paths.length > 0 && options.paths.every((p) => !existsSync(p))) {
    throw new CliError(`Nothing to ingest: ${options.paths.join(', ')} ${options.paths.length === 1 ? 'does' : 'do'} not exist.`, 'Check the path (a file or a folder of files).');
  }
  const exports = options.paths.filter(isExportFolder);
  const files = options.paths.filter((p) => !isExportFolder(p));
  // nor for folders that hold no file to read, where there is no database yet: an empty folder
  // given with a mistyped --db left a new database and key behind (a review)
  if (!existsSync(config.dbPath) && exports.length === 0 && !files.some(holdsDataFile)) {
    throw new AlmpError(
      `Nothing to load: no CSV, XLSX, JSON or NDJSON file in ${files.join(', ')}; no database or key was created.`,
      'Check the path (a file, or a folder of files: it is read with its subfolders).',
    );
  }
  const { key, source } = loadKey(config);
  // doctor counts it an error; ingest is where the key is used day to day, so it says so too
  if (source === 'file' && keyFileTooOpen(config.keyFile)) {
    const mode = (statSync(config.keyFile).mode & 0o777).toString(8);
    effects.warn(`The pseudonym key file ${config.keyFile} is readable by others (mode ${mode}): whoever reads it can re-identify persons from the pseudonyms — chmod 600 ${config.keyFile}.`);
  }
  // a mistyped --db made a second, empty database without a word, and the files loaded there
  const newDb = !existsSync(config.dbPath);
  return withDb(
    config,
    async (db) => {
      // the default path is the current folder's: a first `npm start` was told to delete what it had
      // just made; run from another folder (a cron job without ALMP_DB), it made a second database (a review)
      const andKey = source === 'created' ? ` and the key ${config.keyFile} made with it` : '';
      const advice = config.dbPath === resolve(DEFAULT_DB)
        ? ` (the default ${DEFAULT_DB}, in the current folder). If you meant an existing one, run almp in the folder that holds it, or give --db or ALMP_DB — and delete this one${andKey}: it holds what was just loaded.`
        : `. If you meant an existing one, delete this one${andKey} and ingest again with the right --db or ALMP_DB (the default is ${DEFAULT_DB}).`;
      if (newDb) effects.warn(`Created a new database at ${config.dbPath}: there was none${advice}`);
      if (source === 'created') {
        await refuseNewKeyForFilledDb(db, config.keyFile);
        effects.warn(`Created a new pseudonym key in ${config.keyFile} (owner-only). Back it up: without it new files no longer link to earlier data.`);
      }
      const startedAt = effects.now();
      const results: FileIngestResult[] = [];
      // Exports of other almp instances carry pseudonyms already: they are imported, not re-hashed.
      const keyLocation = config.pseudonymKey ? 'ALMP_PSEUDONYM_KEY' : config.keyFile;
      try {
        if (options.replaces !== undefined && exports.length !== 1) {
          throw new CliError(`--replaces names the instance one export replaces: give exactly one export folder (${exports.length} given).`, 'Ingest the other paths in a command of their own.');
        }
        for (const dir of exports) results.push(...(await importExport(db, { dir, key, keyLocation, replaces: options.replaces }, effects)).map(asFileResult));
      } catch (error) {
        // an export refused for its key left the key made for this run beside the database:
        // the next ingest took it as the key and refused the right one's data as another key's
        if (source === 'created' && (await storedKeyFingerprint(db)) === undefined) {
          removeNewKey(config.keyFile);
          effects.warn(`The pseudonym key made for this run (${config.keyFile}) was removed again: nothing was loaded with it.`);
        }
        throw error;
      }
      if (files.length > 0) results.push(...(await ingestPaths(db, { paths: files, kind: options.kind, sheet: options.sheet, key, keyLocation }, effects)));
      // --sheet given for CSV files was dropped without a word: the sender's sheet name was never checked
      if (options.sheet !== undefined && !results.some((r) => /\.xlsx$/i.test(r.file))) {
        effects.warn(`--sheet ${options.sheet} applies to XLSX files only: none of the files read is one, so it was not used.`);
      }
      effects.out(closingLine(results, config.dbPath, options.thenBuild));
      await recordByHand(db, 'ingest', startedAt, effects.now(), results);
      return results;
    },
    { effects },
  );
}

/** A path that is a file, or a folder with a file ingest would read (listFiles). */
function holdsDataFile(path: string): boolean {
  try {
    return listFiles(resolve(path)).length > 0;
  } catch {
    return false;
  }
}

function asFileResult(item: ItemResult): FileIngestResult {
  const alreadyLoaded = item.status === 'skipped' && item.error === 'already loaded';
  const rows = item.rows ?? 0;
  return { ...item, file: item.name, rowsRead: rows, rowsLoaded: rows, rowsRejected: 0, rowsSuperseded: 0, rowsReplaced: 0, rowsReplacedUnchanged: 0, alreadyLoaded, firstReasons: [], extraColumns: [] };
}

const number = new Intl.NumberFormat('de-DE');

/**
 * One line after the per-file blocks: what happened overall and what to do next. `dbPath`: the
 * database, named in the next command unless it is the default (almpCommand).
 */
export function closingLine(results: readonly FileIngestResult[], dbPath = DEFAULT_DB, thenBuild = false): string {
  const loaded = results.filter((r) => r.status === 'success' && !r.alreadyLoaded);
  const already = results.filter((r) => r.alreadyLoaded).length;
  const failed = results.filter((r) => r.status === 'error').length;
  const rows = loaded.reduce((n, r) => n + r.rowsLoaded, 0);
  const rejected = results.reduce((n, r) => n + r.rowsRejected, 0);
  // an empty folder (the scheduler's inbox folders before the first delivery) said 'all 0 files were already loaded'
  if (results.length === 0) return 'Nothing to load: no CSV, XLSX, JSON or NDJSON file in what was given (a folder is read with its subfolders).';
  if (loaded.length === 0 && failed === 0) return already === 1 ? 'Nothing new: the file was already loaded.' : `Nothing new: all ${files(already)} were already loaded.`;
  // a file whose every row was rejected was read, not loaded: "1 file loaded (0 rows …)" read as a success
  const nothingLoaded = loaded.length > 0 && loaded.every(allRejected);
  const parts = [nothingLoaded ? `${files(loaded.length)} read, no row loaded (${number.format(rejected)} rejected)` : `${files(loaded.length)} loaded (${rowCount(rows)}, ${number.format(rejected)} rejected)`];
  if (already > 0) parts.push(`${number.format(already)} already loaded`);
  if (failed > 0) parts.push(`${number.format(failed)} not loaded`);
  const machine = results.some((r) => r.status === 'error' && isMachineTrouble(r.error ?? ''));
  const next = machine
    ? ' The machine, not the files: free disk space or memory (ALMP_MEMORY_LIMIT), or check the folder\'s permissions, then ingest again.'
    : loaded.some(loadedRows) || (failed === 0 && loaded.some((r) => !allRejected(r)))
      ? `${thenBuild ? '' : ` Next: \`${almpCommand('run', dbPath)}\` to rebuild the figures.`}${failed > 0 ? notLoadedBeside(failed) : ''}`
      : loaded.length > 0 && failed === 0
        ? ' Every row was rejected (reasons above): fix the rows and ingest the file again.'
        : ' Fix the files named above and ingest them again.';
  return `${parts.join(', ')}.${next}`;
}

/**
 * Files refused beside files that loaded: the command exits 0 (contracts.md: non-zero only if
 * nothing could be done), so the line says it plainly rather than leaving the refusal to
 * scroll away above "Next: almp run".
 */
function notLoadedBeside(failed: number): string {
  const one = failed === 1;
  return ` ${one ? 'The file' : 'The files'} not loaded ${one ? 'is' : 'are'} named above: fix ${one ? 'it' : 'them'} and ingest ${one ? 'it' : 'them'} again (exit code 0, as other files loaded; \`almp status\` exits 1 while a file refused whole is not loaded).`;
}

/**
 * A file whose every row was rejected loaded nothing: it said "1 file(s) loaded (0 rows, 2
 * rejected). Next: `almp run`" and exited 0 (two-digit years 04.09.24 in every date column).
 */
function allRejected(r: FileIngestResult): boolean {
  return r.rowsLoaded === 0 && r.rowsRejected > 0;
}

/**
 * Contracts: a run that meets bad input exits non-zero only if nothing could be done. Files
 * loaded before are nothing to do, not something done: a folder re-ingested by cron whose
 * one new file was refused exited 0 beside its already-loaded files, and the job saw no failure.
 * A file refused beside a new file that loaded is the other side of that rule: exit 0, and a
 * monitor sees it in `almp status` (exit 1 while a file refused whole is not loaded).
 */
export function ingestExitCode(results: readonly FileIngestResult[]): number {
  if (results.length === 0) return 1;
  if (results.some(loadedRows)) return 0;
  // an empty delivery ('[]', a header only) loads nothing either: beside a refused file (a
  // failed download's error wrapper) nothing was done, and the cron job must see it
  return results.some((r) => r.status === 'error' || (r.status === 'success' && !r.alreadyLoaded && allRejected(r))) ? 1 : 0;
}

/** A new file that put rows in force. */
function loadedRows(r: FileIngestResult): boolean {
  return r.status === 'success' && !r.alreadyLoaded && r.rowsLoaded > 0;
}
