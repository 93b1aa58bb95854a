/**
 * The `ingest` verb: files and folders in, one result per file out. A file that fails does
 * not stop the others; each file is loaded in its own transaction.
 *
 * Phases per file: find kind (--kind or name) → read and sniff → validate, convert and
 * pseudonymise in DuckDB → write rows, rejects and ledger atomically → print a summary.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { Kind } from '../schema/kinds.ts';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { AlmpError, IngestError } from '../errors.ts';
import { NamedKindError, resolveKind } from './kind-inference.ts';
import { compareEntries, isKindFolder } from './load-order.ts';
import { UNKNOWN_KIND } from './ledger.ts';
import { maskParticipantIds, shownFileName } from './value-shapes.ts';
import { emptyResult, loadFile, safeMessage, sheetHash, type FilePhase, type SetPhase } from './load-file.ts';
import { followStatements } from '../db/follow-statements.ts';
import { hashFile, recordFileReject } from './ledger.ts';
import { summaryLines } from './summary.ts';
import { ensureSameKey } from './key-guard.ts';
import { isDataName, isSystemFile } from './data-names.ts';
import type { FileIngestResult } from './file-result.ts';
import type { ReasonCounts } from './reject-counts.ts';
import { REASONS_SUFFIX } from '../ops/inbox-move.ts';
import { ifInterrupted } from '../interruption.ts';
import { files as fileCount } from '../counts.ts';

export type { FileIngestResult } from './file-result.ts';

export interface IngestOptions {
  paths: string[];
  kind?: Kind;
  /** The pseudonym key (never stored in the database; its fingerprint is). */
  key: Buffer;
  /** Where the key came from, for the message when it is not the database's key. */
  keyLocation?: string;
  /** XLSX: the sheet to read (see read-xlsx.ts). */
  sheet?: string;
  /**
   * `kind` is the inbox folder's the file lies in, not a --kind typed for it: the file is checked
   * as a file in that folder is (a data file in jobcenters/ refused) — the scheduler loaded a
   * participations file dropped into jobcenters/ as the Jobcenter list (an operator's audit).
   */
  kindOfFolder?: boolean;
}



/**
 * Files of a folder, recursively, in load order (load-order.ts: kind folders reference data
 * first, then names as a file manager sorts them); hidden files and Excel lock files (~$)
 * skipped. Other files that are not data (a PDF, a Word letter) go into `notRead`, so that
 * the terminal names them: a folder's berichte.ods was passed over without a word.
 */
export function listFiles(path: string, notRead: string[] = [], inKindFolder = false): string[] {
  if (!statSync(path).isDirectory()) return [path];
  // the folder given may lie inside a kind folder (participations/2024/), as the kind's inference sees it
  const here = inKindFolder || resolve(path).split(sep).some(isKindFolder);
  const entries = readdirSync(path, { withFileTypes: true })
    // the reasons the scheduler keeps beside an archived or quarantined file are its own
    // notes, not data: an archive folder loads again as it is (restore, key rotation)
    .filter((e) => !e.name.startsWith('.') && !e.name.startsWith('~$') && !e.name.endsWith(REASONS_SUFFIX))
    .sort((a, b) => compareEntries(a, b, here));
  return entries.flatMap((e) => {
    const full = join(path, e.name);
    if (e.isDirectory()) return listFiles(full, notRead, here);
    if (e.isFile() && isDataName(e.name)) return [full];
    if (e.isFile() && !isSystemFile(e.name)) notRead.push(full);
    return [];
  });
}

export async function ingestPaths(db: Db, options: IngestOptions, effects: Effects): Promise<FileIngestResult[]> {
  // A file's parsed rows (1 GB for 5.5M attendance rows) are freed by the parse threads, but
  // without the allocator's background purging that memory stayed with those threads while
  // the checkpoint at close allocated another 0.5 GB beside it: peak RSS 1.7 GB → 1.3 GB.
  await db.run('SET allocator_background_threads = true');
  await ensureSameKey(db, options.key, options.keyLocation ?? 'the key given', effects);
  const results: FileIngestResult[] = [];
  for (const given of options.paths) {
    let files: string[];
    const notRead: string[] = [];
    try {
      files = listFiles(resolve(given), notRead);
      if (notRead.length > 0) {
        const names = notRead.slice(0, 10).map((f) => maskParticipantIds(basename(f)));
        const more = notRead.length > 10 ? ` and ${notRead.length - 10} more` : '';
        effects.warn(`Not read in ${given}: ${names.join(', ')}${more} — not a CSV, XLSX, JSON or NDJSON file (save a sheet as .xlsx or CSV to load it).`);
      }
    } catch {
      const result = withoutRawIds({ ...emptyResult(given, options.kind), error: `${given} does not exist or cannot be read` });
      results.push(result);
      report(result, effects);
      continue;
    }
    // a bar on a terminal, naming the file in work: one file of 5·10^6 rows takes 20 s and
    // says nothing until it is done
    const progress = effects.progress('Ingest', files.length, { eta: false });
    // within a file, what it is doing and how far: 'teilnahmen.csv · checking 45 %'
    const statements = await followStatements(db, progress);
    try {
      for (const file of files) {
        const name = shownFileName(basename(file));
        progress.tick(0, name);
        ifInterrupted(interruptedIngest(results, name));
        const phases = statements ? (phase: FilePhase) => statements.item(name, phase) : undefined;
        const result = withoutRawIds(await ingestOne(db, file, options, effects, phases));
        results.push(result);
        report(result, effects);
        statements?.item(name);
        progress.tick();
      }
    } finally {
      statements?.stop();
      progress.stop();
    }
  }
  ifInterrupted(interruptedIngest(results));
  return results;
}

/**
 * What Ctrl-C leaves (ops/exit-on-signal.ts): each file is stored in a transaction of its
 * own, so the files before the one in work are in, it is not. Loaded again, a stored file
 * is recognised by its content and skipped.
 */
function interruptedIngest(results: readonly FileIngestResult[], inWork?: string): string {
  const stored = results.filter((r) => r.status === 'success' && !r.alreadyLoaded).length;
  if (inWork === undefined) return `every file was dealt with (${fileCount(stored)} newly stored)`;
  const before = stored === 0 ? 'no file of this run was stored' : `${fileCount(stored)} of this run ${stored === 1 ? 'was' : 'were'} stored`;
  return `${before}; ${inWork} was not (rolled back) — run the command again: files already stored are skipped`;
}

async function ingestOne(db: Db, file: string, options: IngestOptions, effects: Effects, phases?: SetPhase): Promise<FileIngestResult> {
  let kind: Kind | undefined;
  try {
    kind = resolveKind(file, options.kind);
    // a named pipe or a device (a link to /dev/zero) blocks the first read for good, and
    // with it the scheduler: the sender's side of a pipe is open as long as they like
    if (!statSync(file).isFile()) {
      throw new IngestError(`${basename(file)} is not a regular file (a named pipe, a device or a link to one): not read.`, file, undefined, undefined, 'Deliver the data as a file.');
    }
    if (maskParticipantIds(basename(file)) !== basename(file)) {
      effects.warn(`${maskParticipantIds(basename(file))}: the file name holds what looks like a Kundennummer; file names are listed on the returns' cover (masked there) — name files without personal data.`);
    }
    return await loadFile(db, file, kind, options.key, effects, { sheet: options.sheet, kindGiven: options.kind !== undefined && options.kindOfFolder !== true }, phases);
  } catch (error) {
    // refused for a name pointing to another kind than --kind: the kind is not settled
    if (error instanceof NamedKindError) kind = undefined;
    const message = error instanceof AlmpError ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : safeMessage(error);
    effects.log.warn({ file: maskParticipantIds(file), kind, err: maskParticipantIds(message) }, 'ingest: file not loaded');
    // a file whose kind could not be told is recorded too: without a line almp status could not
    // flag it, and a cron job would never learn the file was not loaded
    const column = error instanceof IngestError ? error.column : undefined;
    const header = error instanceof IngestError ? error.header : undefined;
    await recordFileReject(db, { kind: kind ?? UNKNOWN_KIND, path: file, column, header, reason: message, at: effects.now(), contentHash: await refusedContentHash(file, options.sheet) }).catch(() => undefined);
    return { ...emptyResult(file, kind), error: message };
  }
}

/**
 * The bytes' hash of a refused file, read again (refusals are rare; loadFile's own hashing
 * is not handed out of a failure). Only a regular file: a named pipe would block the read.
 * Undefined when it cannot be read — the refusal then clears only by a later file of its name.
 */
async function refusedContentHash(file: string, sheet: string | undefined): Promise<string | undefined> {
  try {
    if (!statSync(file).isFile()) return undefined;
    // as load-file.ts keys a sheet's load: another sheet of the workbook is other content
    const hash = await hashFile(file);
    return sheet !== undefined && /\.xlsx$/i.test(file) ? `${hash}#sheet=${sheetHash(sheet)}` : hash;
  } catch {
    return undefined;
  }
}

/**
 * A result as the terminal, the log and meta.job_runs see it: what the file's creator wrote
 * (its name, a sheet's name in a note or an error, a header cell or JSON key it ignored) with
 * a Kundennummer masked. `file` stays the real path: the scheduler moves the file by it.
 */
function withoutRawIds(result: FileIngestResult): FileIngestResult {
  const mask = maskParticipantIds;
  return {
    ...result,
    name: shownFileName(result.name),
    ...(result.error === undefined ? {} : { error: mask(result.error) }),
    ...(result.notes === undefined ? {} : { notes: result.notes.map(mask) }),
    ...(result.loadedAs === undefined ? {} : { loadedAs: mask(result.loadedAs) }),
    extraColumns: result.extraColumns.map(mask),
    firstReasons: result.firstReasons.map(mask),
    ...(result.reasonCounts === undefined ? {} : { reasonCounts: maskedCounts(result.reasonCounts) }),
    ...(result.reasons === undefined ? {} : { reasons: result.reasons.map(mask) }),
  };
}

function maskedCounts(counts: ReasonCounts): ReasonCounts {
  const mask = (text: string | null) => (text === null ? null : maskParticipantIds(text));
  return { ...counts, groups: counts.groups.map((g) => ({ ...g, header: mask(g.header), reason: maskParticipantIds(g.reason), firstValue: mask(g.firstValue) })) };
}

function report(result: FileIngestResult, effects: Effects): void {
  for (const line of summaryLines(result)) effects.out(line);
}
