/** A snapshots folder holding one empty published database, for tests of `almp query` on values a SELECT makes up. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';

export const SNAPSHOT_FILE = '20260101T000000000Z.duckdb';

/** The folder, made before the file's tests and removed after them. */
export function emptySnapshots(prefix: string): { readonly dir: string; readonly snapshots: string } {
  const place = { dir: '', snapshots: '' };
  beforeAll(async () => {
    place.dir = mkdtempSync(join(tmpdir(), prefix));
    place.snapshots = join(place.dir, 'snapshots');
    mkdirSync(place.snapshots);
    (await Db.open(join(place.snapshots, SNAPSHOT_FILE))).close();
    writeFileSync(join(place.snapshots, 'current'), `${SNAPSHOT_FILE}\n`);
  });
  afterAll(() => rmSync(place.dir, { recursive: true, force: true }));
  return place;
}
