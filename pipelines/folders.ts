/**
 * The folders an operator names (--db, --key-file, --out), checked and made before anything
 * is written there, so that a wrong path is said as such: a path under a file ended as
 * "Unexpected error: ENOTDIR: … mkdir '…/README.md/jobcenters'" or "EEXIST: … mkdir
 * '…/README.md'", and `almp generate --out /proc/x` spun a core for good.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from './errors.ts';

/** The path itself, or its closest ancestor that exists (a folder the first run creates). */
export function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/**
 * The file that stands where `folder` or one of the folders above it must be (README.md
 * in README.md/x.duckdb's folder), or undefined when none does.
 */
export function fileInTheWay(folder: string): string | undefined {
  const nearest = nearestExisting(folder);
  return existsSync(nearest) && !statSync(nearest).isDirectory() ? nearest : undefined;
}

/**
 * The folder above `path` this user may not look into (no search permission), when that is
 * why `path` seems not to exist: existsSync says false for a file in a folder it cannot
 * enter, and doctor called a root-only data folder's database "does not exist yet".
 */
export function shutFolderAbove(path: string): string | undefined {
  const folder = nearestExisting(dirname(path));
  try {
    accessSync(folder, constants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? folder : undefined;
  }
}

/**
 * Makes `folder` and the folders above it that are missing, one level at a time: Node's
 * recursive mkdirSync retries for ever where mkdir fails with ENOENT under a folder that
 * exists (/proc, /sys), and made one at a time the first refusal ends it, with its code.
 * Returns the folders it made, outermost first (to remove again if what needed them is not kept).
 */
export function makeFolders(folder: string): string[] {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT under a folder that exists: /proc and /sys make no folders (the key file beside
      // --db /proc/x/a.duckdb ended as "Unexpected error: ENOENT"); the code stays for callers
      if (code === 'ENOENT') {
        throw Object.assign(new CliError(`Cannot make the folder ${level}: no folder can be made in ${nearestExisting(level)}.`, 'Give a path on an ordinary disk (check --db, --key-file or --out).'), { code });
      }
      // made meanwhile by another process: what was wanted
      if (code !== 'EEXIST' || !statSync(level).isDirectory()) throw error;
    }
  }
  return missing;
}

/**
 * An output folder (--out) is made and must be writable before the work that fills it:
 * `almp run` failed after the whole model build with a bare "ENOENT: … mkdir", `almp generate`
 * with "Unexpected error: ENOTDIR". `nothing` says what was not done ('Nothing was built').
 */
export function refuseUnwritableOut(outDir: string, nothing: string): void {
  const hint = 'Give --out a folder you can write to (it is created if missing).';
  const file = fileInTheWay(outDir);
  if (file !== undefined) {
    const where = file === outDir ? 'it is a file, not a folder' : `${file} is a file, not a folder`;
    throw new CliError(`Cannot write the outputs to ${outDir}: ${where}. ${nothing}.`, hint);
  }
  try {
    makeFolders(outDir);
    accessSync(outDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EROFS' ? 'the file system is read-only'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      // mkdir refused without a reason of permission: /proc and /sys make no folders
      : code === 'ENOENT' ? `no folder can be made in ${nearestExisting(outDir)}`
      : (error as Error).message;
    throw new CliError(`Cannot write the outputs to ${outDir}: ${why}. ${nothing}.`, hint);
  }
}

/**
 * A file of the configuration (the database, the key file) whose folder cannot be made
 * because a file stands in its path: refused before a lock, key or database is made there.
 * `what` names it, `option` is how it is given ('--db').
 */
export function refuseFileInPath(path: string, what: string, option: string): void {
  const file = fileInTheWay(dirname(path));
  if (file === undefined) return;
  throw new CliError(`${what} ${path} cannot be used: ${file} is a file, not a folder.`, `Give a path in a folder, e.g. ${option} ${join(dirname(file), basename(path))}.`);
}
