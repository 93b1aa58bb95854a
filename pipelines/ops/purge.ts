/**
 * `almp purge`: the retention period (Löschfrist) of the raw input files almp keeps — the
 * archive (loaded files, raw Kundennummern) and the quarantine (refused files), each with
 * its reasons file. The database (raw.*, which every later build reads) and the snapshots
 * are never purged by age; `almp forget` erases a person there.
 *
 * Age: an archived file by its day folder (the day it was archived, in the schedule's
 * timezone), a quarantined one by its reasons file (written when it was quarantined). The
 * files' own times are the sender's — a move keeps them, so an export made in 2019 and
 * delivered today would have gone at the next purge.
 *
 * Only what almp lays out is removed: archive/<YYYY-MM-DD>/<kind>/<name> and
 * quarantine/<kind>/<name>; anything else there is left alone and counted. Links are never
 * followed: a linked folder is not entered, and a link where a file would be (a refused
 * upload link the inbox job quarantined) is removed as a link, its target untouched.
 */
import { lstatSync, readdirSync, realpathSync, rmdirSync, unlinkSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../errors.ts';
import { KINDS } from '../schema/kinds.ts';
import { localDay } from '../schedule/working-days.ts';
import { isInside } from './inbox.ts';
import { REASONS_SUFFIX } from './inbox-move.ts';
import { ARCHIVE_WATCH_FILE } from '../schedule/jobs/archive-watch.ts';

export interface PurgeOptions {
  readonly archive: string;
  readonly quarantine: string;
  /** Files archived or quarantined more than this many days ago go (whole calendar days). */
  readonly olderThanDays: number;
  readonly timezone: string;
  /** Plan only: count what would go, delete nothing. */
  readonly dryRun: boolean;
  /** Places a purged folder must neither hold nor lie in: database, snapshots, inbox, key, outputs, log. */
  readonly protect: readonly string[];
}

export type PurgeFolder = 'archive' | 'quarantine';

export interface FolderPurge {
  readonly folder: PurgeFolder;
  readonly root: string;
  /** Input files that go (or went); reasons files are counted apart. */
  readonly files: number;
  readonly reasons: number;
  /** Bytes of both. */
  readonly bytes: number;
  /** The day the oldest of them was archived or quarantined ('YYYY-MM-DD'). */
  readonly oldest?: string;
  /** Entries not laid out as almp writes them (or linked folders): left alone. */
  readonly leftAlone: number;
  /** Files that could not be deleted (with --yes), and the first reason. */
  readonly failed: number;
  readonly error?: string;
}

export interface PurgeResult {
  /** Files archived or quarantined before this day go ('YYYY-MM-DD'). */
  readonly before: string;
  readonly dryRun: boolean;
  readonly folders: readonly FolderPurge[];
}

interface Candidate {
  readonly path: string;
  readonly bytes: number;
  readonly day: string;
  readonly reasons: boolean;
}

interface Plan {
  readonly root: string;
  readonly items: Candidate[];
  readonly leftAlone: number;
}

const DAY_FOLDER = /^\d{4}-\d{2}-\d{2}$/;
const KIND_NAMES: ReadonlySet<string> = new Set(KINDS);

/** The day `days` calendar days before today in `timezone`: what was kept before it goes. */
export function purgeBefore(now: Date, days: number, timezone: string): string {
  const today = new Date(`${localDay(now, timezone)}T00:00:00Z`);
  return new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

export function purgeFiles(options: PurgeOptions, now: Date): PurgeResult {
  if (!Number.isInteger(options.olderThanDays) || options.olderThanDays < 1) {
    throw new CliError(`--older-than must be a whole number of days, at least 1 (got ${options.olderThanDays}).`, 'e.g. almp purge --older-than 365');
  }
  const before = purgeBefore(now, options.olderThanDays, options.timezone);
  const folders = (['archive', 'quarantine'] as const).map((folder): FolderPurge => {
    const plan = planFolder(folder, options[folder], before, options.timezone, options.protect);
    const items = plan?.items ?? [];
    const done = options.dryRun || !plan ? { failed: 0 } : remove(plan);
    const oldest = items.reduce<string | undefined>((min, c) => (min === undefined || c.day < min ? c.day : min), undefined);
    return {
      folder,
      root: plan?.root ?? options[folder],
      files: items.filter((c) => !c.reasons).length,
      reasons: items.filter((c) => c.reasons).length,
      bytes: items.reduce((n, c) => n + c.bytes, 0),
      ...(oldest ? { oldest } : {}),
      leftAlone: plan?.leftAlone ?? 0,
      ...done,
    };
  });
  return { before, dryRun: options.dryRun, folders };
}

/** What would go from one folder; undefined when the folder does not exist. */
function planFolder(folder: PurgeFolder, root: string, before: string, timezone: string, protect: readonly string[]): Plan | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  refuseOverlap(folder, realRoot, protect);
  return folder === 'archive' ? planArchive(realRoot, before) : planQuarantine(realRoot, before, timezone);
}

/**
 * The reason a purge of these folders would be refused (refuseOverlap), whatever its age limit:
 * doctor names it also while no retention period is set, before `almp purge` is run by hand.
 */
export function purgeRefusal(folders: Readonly<Record<PurgeFolder, string>>, protect: readonly string[]): Error | undefined {
  for (const folder of ['archive', 'quarantine'] as const) {
    let realRoot: string;
    try {
      realRoot = realpathSync(folders[folder]);
    } catch {
      continue; // not there: nothing to purge
    }
    try {
      refuseOverlap(folder, realRoot, protect);
    } catch (error) {
      return error as Error;
    }
  }
  return undefined;
}

/**
 * The database, a snapshot or the inbox under a purged folder (a schedule file naming the data
 * folder as its archive, say) would still be safe by the layout rule; refused all the same,
 * so such a configuration is fixed instead of relied on.
 */
function refuseOverlap(folder: PurgeFolder, realRoot: string, protect: readonly string[]): void {
  for (const place of protect) {
    const real = realOrResolved(place);
    if (isInside(realRoot, real) || isInside(real, realRoot)) {
      throw new CliError(`Refusing to purge the ${folder} ${realRoot}: it holds or lies in ${place}.`, `Give the ${folder} a folder of its own in the schedule file (docs/operations.md, Folders).`);
    }
  }
}

function planArchive(root: string, before: string): Plan {
  const items: Candidate[] = [];
  const tally = { leftAlone: 0 };
  // the scheduler's watch of the files it archived last (24 h) is its own, not an entry to check by hand
  for (const day of folders(root, (name) => DAY_FOLDER.test(name), tally, ARCHIVE_WATCH_FILE)) {
    if (day >= before) continue;
    for (const kind of folders(join(root, day), (name) => KIND_NAMES.has(name), tally)) {
      const dir = join(root, day, kind);
      for (const name of fileNames(dir, tally)) items.push({ path: join(dir, name), bytes: bytesOf(join(dir, name)), day, reasons: name.endsWith(REASONS_SUFFIX) });
    }
  }
  return { root, items, leftAlone: tally.leftAlone };
}

function planQuarantine(root: string, before: string, timezone: string): Plan {
  const items: Candidate[] = [];
  const tally = { leftAlone: 0 };
  for (const kind of folders(root, (name) => KIND_NAMES.has(name), tally)) {
    const dir = join(root, kind);
    const names = fileNames(dir, tally);
    const listed = new Set(names);
    for (const name of names) {
      // a reasons file goes with its file; one without a file (deleted by hand) by its own time
      if (name.endsWith(REASONS_SUFFIX) && listed.has(name.slice(0, -REASONS_SUFFIX.length))) continue;
      const path = join(dir, name);
      const reasons = listed.has(`${name}${REASONS_SUFFIX}`) ? `${path}${REASONS_SUFFIX}` : undefined;
      const at = mtimeOf(reasons ?? path);
      if (at === undefined) continue;
      const day = localDay(new Date(at), timezone);
      if (day >= before) continue;
      items.push({ path, bytes: bytesOf(path), day, reasons: name.endsWith(REASONS_SUFFIX) });
      if (reasons) items.push({ path: reasons, bytes: bytesOf(reasons), day, reasons: true });
    }
  }
  return { root, items, leftAlone: tally.leftAlone };
}

/** Real folders (not links) in `dir` whose names `wanted` accepts; any other entry but `own` is counted as left alone. */
function folders(dir: string, wanted: (name: string) => boolean, tally: { leftAlone: number }, own?: string): string[] {
  const found = entries(dir).filter((e) => e.name !== own);
  const kept = found.filter((e) => e.isDirectory() && wanted(e.name));
  tally.leftAlone += found.length - kept.length;
  return kept.map((e) => e.name);
}

/** Files and links (never followed) in `dir`; a folder or anything else is counted as left alone. */
function fileNames(dir: string, tally: { leftAlone: number }): string[] {
  const found = entries(dir);
  const kept = found.filter((e) => e.isFile() || e.isSymbolicLink());
  tally.leftAlone += found.length - kept.length;
  return kept.map((e) => e.name);
}

/**
 * Deletes the plan's files, then the archive folders that became empty. Each file's folder
 * is checked again right before: a folder swapped for a link since the listing (to the
 * database's folder, say) is not deleted through.
 */
function remove(plan: Plan): { failed: number; error?: string } {
  let failed = 0;
  let error: string | undefined;
  const folders = new Set<string>();
  for (const item of plan.items) {
    const dir = dirname(item.path);
    try {
      if (realpathSync(dir) !== dir || !isInside(plan.root, dir)) throw new Error(`${dir} is no longer the folder that was listed (a link now?): not deleted through`);
      unlinkSync(item.path);
      folders.add(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // gone already
      failed++;
      error ??= e instanceof Error ? e.message : String(e);
    }
  }
  for (const dir of folders) {
    // archive/<day>/<kind>/ and then <day>/ once empty; the quarantine's kind folders stay
    const day = dirname(dir);
    if (!DAY_FOLDER.test(basename(day)) || dirname(day) !== plan.root) continue;
    removeIfEmpty(dir);
    removeIfEmpty(day);
  }
  return error === undefined ? { failed } : { failed, error };
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty (something left alone), or gone
  }
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** A link counts with its own size, not its target's (lstat). */
function bytesOf(path: string): number {
  try {
    return lstatSync(path).size;
  } catch {
    return 0;
  }
}

function mtimeOf(path: string): number | undefined {
  try {
    return lstatSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
