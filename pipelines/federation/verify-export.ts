/**
 * Before anything of an export loads: its raw files are all there, inside the folder, and
 * hold the rows the manifest lists (import.ts), checked on the import's own copy of them
 * (private-copy.ts), which is all it reads after.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database.ts';
import { IngestError } from '../errors.ts';
import { KINDS, type Kind } from '../schema/kinds.ts';
import { isInside } from '../ops/inbox.ts';
import { historyName } from './history.ts';
import { fileDigest } from './signature.ts';

/** A raw file: the path is built from a kind's name or its history's (constants), never from the manifest. */
export function rawFile(dir: string, name: string): string {
  return join(dir, 'raw', `${name}.parquet`);
}

/**
 * Before anything loads: every raw file the manifest lists is there, inside the export,
 * readable, and holds the rows it lists, and every raw file there is listed. A copy that lost
 * a file, or a file cut off in transfer, would otherwise load in part (kinds before it
 * committed, the rest missing) with no word about it; an unlisted one would load unchecked.
 * Each listed file is copied into `copy` (as `raw/<name>.parquet`) first, and its rows and
 * SHA-256 are those of the copy: what the import reads is what was checked.
 */
export async function verifyExport(db: Db, dir: string, rawFiles: ReadonlyMap<string, { kind: Kind; listed: number; sha256?: string }>, copy: string): Promise<void> {
  const problems: string[] = [];
  const present = existsSync(join(dir, 'raw')) ? readdirSync(join(dir, 'raw')) : [];
  for (const name of [...KINDS, ...KINDS.map(historyName)]) {
    if (!rawFiles.has(name) && present.includes(`${name}.parquet`)) problems.push(`raw/${name}.parquet is not listed in the manifest`);
  }
  mkdirSync(join(copy, 'raw'), { recursive: true, mode: 0o700 });
  for (const [name, { kind, listed, sha256 }] of rawFiles) {
    const original = rawFile(dir, name);
    const file = rawFile(copy, name);
    if (name !== kind && !rawFiles.has(kind)) problems.push(`raw/${name}.parquet is listed without raw/${kind}.parquet, whose earlier versions it holds`);
    if (!existsSync(original)) {
      problems.push(`raw/${name}.parquet is missing (${listed} rows listed)`);
      continue;
    }
    // a link to a file elsewhere on this machine is not part of the export
    if (!isInside(realpathSync(dir), realpathSync(original))) {
      problems.push(`raw/${name}.parquet lies outside the export folder (a link?)`);
      continue;
    }
    try {
      copyFileSync(original, file);
    } catch {
      problems.push(`raw/${name}.parquet cannot be read`);
      continue;
    }
    try {
      const rows = await db.scalar('SELECT count(*) FROM read_parquet($file)', { file });
      if (rows !== listed) {
        problems.push(`raw/${name}.parquet holds ${rows} rows, the manifest lists ${listed}`);
        continue;
      }
    } catch {
      problems.push(`raw/${name}.parquet cannot be read (cut off or damaged in transfer?)`);
      continue;
    }
    const changed = await digestProblem(file, name, sha256);
    if (changed) problems.push(changed);
  }
  refuseIf(dir, problems);
}

/** The signed manifest vouches for a file's bytes (signature.ts): the same rows with other values are another file. */
async function digestProblem(file: string, name: string, sha256: string | undefined): Promise<string | undefined> {
  if (sha256 === undefined) return `raw/${name}.parquet has no checksum in the manifest`;
  if ((await fileDigest(file)) !== sha256) return `raw/${name}.parquet is not the file the export wrote (its SHA-256 differs: changed after the export)`;
  return undefined;
}

function refuseIf(dir: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new IngestError(
    `The export in ${dir} does not hold what its manifest lists: ${problems.join('; ')}. Nothing of it was loaded.`,
    dir,
    undefined,
    undefined,
    'Copy the whole export folder again (or export again at the Jobcenter), then ingest it.',
  );
}
