import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a file of fc9c313..90b4643 (2026-12-03 23:13–23:56)', () => {
  it('opens: meta.return_version_figures was a table, meta.return_versions had no figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv39-')); dirs.push(dir);
    const db = await Db.open(join(dir, 'almp.duckdb'));
    await db.run('CREATE SCHEMA meta');
    await db.run(`CREATE TABLE meta.return_versions (
     return_key VARCHAR NOT NULL, version INTEGER NOT NULL, figures_hash VARCHAR NOT NULL, as_of DATE NOT NULL,
     marts_built_at TIMESTAMP, models_version VARCHAR, file_name VARCHAR NOT NULL, written_at TIMESTAMP NOT NULL)`);
    await db.run(`CREATE TABLE meta.return_version_figures (
     return_key VARCHAR NOT NULL, version INTEGER NOT NULL, sheet VARCHAR NOT NULL, row_key VARCHAR NOT NULL,
     row_label VARCHAR NOT NULL, column_key VARCHAR NOT NULL, column_label VARCHAR NOT NULL, format VARCHAR NOT NULL,
     value DOUBLE, mark VARCHAR)`);
    await expect(bootstrap(db)).resolves.toBeUndefined();
    db.close();
  });
});
