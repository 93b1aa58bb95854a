/**
 * The export's output folder. An export replaces an earlier export in the same folder, and
 * nothing else: a folder that holds other files (the project, a home folder, `.`) is
 * refused, and so is one that holds the database. Of an earlier export only its own parts
 * are removed (manifest, raw/ core/ mart/, *.arrow), so a note someone put beside it stays.
 * An export killed midway is an earlier export too: its manifest says incomplete.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '../errors.ts';
import { refuseUnwritableOut } from '../folders.ts';
import { isInside } from '../ops/inbox.ts';
import { MANIFEST_FILE } from './manifest.ts';

const SCHEMAS = ['raw', 'core', 'mart'];
const ARROW_FILE = /^(raw|core|mart)\.[A-Za-z0-9_]+\.arrow$/;
/** The manifest's temp file of a process killed while writing it (atomic-file.ts). */
const MANIFEST_TEMP = new RegExp(`^\\.${MANIFEST_FILE.replaceAll('.', '\\.')}\\.\\d+\\.tmp$`);

/** Makes `outDir` ready for an export, or throws a CliError saying why it may not be used. */
export function prepareExportDir(outDir: string, dbPath: string): void {
  const dir = resolve(outDir);
  const hint = 'Give a new or empty folder, or the folder of an earlier export (it holds almp-export.json).';
  if (isInside(dir, resolve(dbPath))) {
    throw new CliError(`The export folder ${dir} holds the database ${dbPath}: exporting there would replace it.`, hint);
  }
  if (isInside(dir, process.cwd())) {
    throw new CliError(`The export folder ${dir} is the current folder or lies above it.`, hint);
  }
  // a folder that cannot be made or written is refused as every command's --out is (exit 2,
  // naming why); the export stopped with Node's EACCES and exit 1 (a review)
  if (!existsSync(dir)) {
    refuseUnwritableOut(dir, 'Nothing was exported');
    return;
  }
  if (!statSync(dir).isDirectory()) throw new CliError(`The export folder ${dir} is a file.`, hint);
  refuseUnwritableOut(dir, 'Nothing was exported');
  const entries = readdirSync(dir);
  if (entries.length === 0) return;
  if (!entries.some((name) => name === MANIFEST_FILE || MANIFEST_TEMP.test(name))) {
    throw new CliError(`The export folder ${dir} is not empty and is not an earlier export (no ${MANIFEST_FILE}); nothing was written or removed.`, hint);
  }
  for (const name of entries) {
    if (name === MANIFEST_FILE || MANIFEST_TEMP.test(name) || SCHEMAS.includes(name) || ARROW_FILE.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}
