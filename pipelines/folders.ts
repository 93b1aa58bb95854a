/**
 * The folders an operator names (--db, --key-file), checked before anything is written
 * there, so that a wrong path is said as such: a path under a file ended as "Unexpected
 * error: EEXIST: file already exists, mkdir '…/README.md'".
 */
import { existsSync, statSync } from 'node:fs';
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
 * A file of the configuration (the database, the key file) whose folder cannot be made
 * because a file stands in its path: refused before a lock, key or database is made there.
 * `what` names it, `option` is how it is given ('--db').
 */
export function refuseFileInPath(path: string, what: string, option: string): void {
  const file = fileInTheWay(dirname(path));
  if (file === undefined) return;
  throw new CliError(`${what} ${path} cannot be used: ${file} is a file, not a folder.`, `Give a path in a folder, e.g. ${option} ${join(dirname(file), basename(path))}.`);
}
