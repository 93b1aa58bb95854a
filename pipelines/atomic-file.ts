/**
 * Output files (returns, dashboards) are replaced, never rewritten in place: the new
 * content goes to a hidden temp file beside the target and is renamed over it only when
 * complete. A full disk, a kill or a crash halfway then leaves the previous good file (and
 * no temp file, when the failure is an error this process sees), instead of a truncated
 * page or a corrupt workbook under the real name.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { outputWriteError } from './errors.ts';

/** Hidden temp name beside `path`, unique per process. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Runs `write(temp)`, then renames temp over `path`; removes temp when anything fails. */
export async function replaceFile(path: string, write: (temp: string) => void | Promise<void>): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await write(temp);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw outputWriteError(error);
  }
}

/** writeFileSync, atomically replacing the file. */
export function writeFileAtomic(path: string, data: string | NodeJS.ArrayBufferView): void {
  const temp = tempPathFor(path);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw outputWriteError(error);
  }
}

/** mkdir -p for an output folder; a folder the user may not write to is said as such. */
export function makeOutputFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw outputWriteError(error);
  }
}
