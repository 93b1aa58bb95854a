/**
 * The layout a full bootstrap left in a file, as a fingerprint: of the code that makes the
 * tables, views and migrations, of the statements it runs and of the shipped reference
 * lists. An open that finds the fingerprint of the running code and the latest migration has
 * nothing to create, upgrade or reload (bootstrap.ts). Every command opens the database, and
 * the full bootstrap of a file already current took 45–65 ms of CPU: the reference lists
 * read anew, 40 statements and a commit.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.ts';

export const LAYOUT_DDL = 'CREATE TABLE IF NOT EXISTS meta.layout (fingerprint VARCHAR NOT NULL, written_at TIMESTAMP NOT NULL)';

export interface LayoutSources {
  /** The modules that make the layout (their source text: a change to how a table or list is made counts too). */
  readonly modules: readonly string[];
  /** What they make it from (statements, types, versions), as JSON. */
  readonly statements: unknown;
  /** The folder of the reference lists (every .csv in it). */
  readonly referenceDir: string;
}

export function layoutFingerprint(sources: LayoutSources): string {
  const hash = createHash('sha256');
  for (const path of sources.modules) hash.update(readFileSync(path)).update('\0');
  hash.update(JSON.stringify(sources.statements)).update('\0');
  for (const file of readdirSync(sources.referenceDir).filter((f) => f.endsWith('.csv')).sort()) {
    hash.update(file).update('\0').update(readFileSync(join(sources.referenceDir, file))).update('\0');
  }
  return hash.digest('hex');
}

/**
 * The file holds this layout and every migration up to `version`. A file an older version
 * wrote has no meta.layout or another fingerprint; one a test or a restore set back has an
 * older version row. A failing statement outside a transaction leaves nothing behind.
 */
export async function holdsLayout(db: Db, fingerprint: string, version: number): Promise<boolean> {
  try {
    return (
      (await db.scalar('SELECT count(*) FROM meta.layout WHERE fingerprint = $fingerprint AND (SELECT coalesce(max(version), 0) FROM meta.schema_version) = $version', {
        fingerprint,
        version,
      })) === 1
    );
  } catch {
    return false;
  }
}

/** Recorded last, in the transaction that finished the layout. */
export async function recordLayout(db: Db, fingerprint: string): Promise<void> {
  await db.run('DELETE FROM meta.layout');
  await db.run('INSERT INTO meta.layout VALUES ($fingerprint, current_timestamp::TIMESTAMP)', { fingerprint });
}
