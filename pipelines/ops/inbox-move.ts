/**
 * Where an inbox file goes after its turn: `archive/<day>/<kind>/` when it loaded,
 * `quarantine/<kind>/` with `<name>.reasons.txt` beside it when it was rejected.
 * A name that already exists there gets a counter (`file.2.csv`), nothing is overwritten.
 */
import { chmodSync, constants, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tempPathFor } from '../atomic-file.ts';
import { basename, extname, join } from 'node:path';
import type { Kind } from '../schema/kinds.ts';
import { shownFileName } from '../ingest/value-shapes.ts';
import { terminalText } from '../effects.ts';

export const REASONS_SUFFIX = '.reasons.txt';

export interface MoveTarget {
  readonly kind: Kind;
  /** Path of the file now. */
  readonly path: string;
}

/** Moves a loaded file to archive/<day>/<kind>/; returns its new path. */
export function archiveFile(file: MoveTarget, archiveRoot: string, day: string, reasons: readonly string[] = [], heading = 'Loaded; these rows were rejected:'): string {
  const target = moveInto(file.path, join(archiveRoot, day, file.kind));
  // Rows rejected from a file that otherwise loaded: keep the reasons with it.
  if (reasons.length > 0) writeReasons(target, reasons, heading);
  return target;
}

/** Moves a rejected file to quarantine/<kind>/ and writes <name>.reasons.txt beside it. */
export function quarantineFile(file: MoveTarget, quarantineRoot: string, reasons: readonly string[]): string {
  const target = moveInto(file.path, join(quarantineRoot, file.kind));
  writeReasons(target, reasons.length > 0 ? reasons : ['rejected without a stated reason'], 'Not loaded:');
  return target;
}

/** Files in quarantine (reasons files not counted), by kind. */
export function countQuarantine(root: string): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!existsSync(root)) return counts;
  for (const kind of readdirSync(root)) {
    try {
      const n = readdirSync(join(root, kind)).filter((f) => !f.endsWith(REASONS_SUFFIX)).length;
      if (n > 0) counts[kind] = n;
    } catch {
      // not a folder
    }
  }
  return counts;
}

function writeReasons(target: string, reasons: readonly string[], heading: string): void {
  // a reason may quote the file (a sheet's name, a header cell): its controls, C1 (U+009B is a
  // terminal's ESC [) and line breaks shown as \xNN, as on the terminal; the clerk cats this file
  const line = (reason: string) => `- ${terminalText(reason).replaceAll('\n', '\\x0a')}`;
  const text = [`File: ${shownFileName(basename(target))}`, heading, ...reasons.map(line), ''].join('\n');
  // 'wx': never over a file (or through a link) that stands there already
  writeFileSync(`${target}${REASONS_SUFFIX}`, text, { encoding: 'utf8', flag: 'wx' });
}

function moveInto(path: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const target = freeName(dir, basename(path));
  try {
    renameSync(path, target);
  } catch (error) {
    // Archive on another file system: copy, then remove.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(path, target);
    unlinkSync(path);
    restrictMode(target);
    return target;
  }
  if (lstatSync(target).nlink > 1) keepOwnCopy(target);
  restrictMode(target);
  return target;
}

/**
 * A moved file kept the mode its sender gave it (0644: readable by every local user, raw
 * Kundennummern and all), where everything almp writes is owner and group only (umask 027).
 * A file almp may not chmod (another account's) is replaced by its own copy first.
 */
function restrictMode(target: string): void {
  const mode = lstatSync(target).mode & 0o777;
  const wanted = mode & 0o640;
  if (mode === wanted) return;
  try {
    chmodSync(target, wanted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    keepOwnCopy(target);
    chmodSync(target, wanted);
  }
}

/**
 * A file with another name — a hard link the upload account made into the inbox from its own
 * file — was still its file after the move: through its name the sender appended a row to the
 * archived file after the load (a key rotation rebuilds from the archive; the ledger never saw
 * the row). The archive keeps a copy of its own instead; no new link can be made to it there.
 */
function keepOwnCopy(target: string): void {
  const temp = tempPathFor(target);
  try {
    copyFileSync(target, temp, constants.COPYFILE_EXCL);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * A name free for the file and for its reasons beside it: a sender's upload named
 * 'x.csv.reasons.txt', moved here first, was overwritten by the reasons of a later 'x.csv'.
 */
function freeName(dir: string, name: string): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const taken = (path: string) => existsSync(path) || isLink(path) || existsSync(`${path}${REASONS_SUFFIX}`) || isLink(`${path}${REASONS_SUFFIX}`);
  let candidate = join(dir, name);
  for (let n = 2; taken(candidate); n++) candidate = join(dir, `${stem}.${n}${ext}`);
  return candidate;
}

/** existsSync follows a link: a dangling one reads as free. */
function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
