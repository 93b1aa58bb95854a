/**
 * e04a6e2 (migration 10) kept a refused file's whole header (masked for Kundennummern only);
 * 24a1cec keeps only known column names ('?' for others), because for a file without a header
 * line that was its first data row. Migration 12 reduces what the version of e04a6e2 stored
 * (migration 11 masks Kundennummer shapes only), and the file is rewritten (a review).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a refusal recorded by the version of e04a6e2 (schema 10)', () => {
  it('keeps no cell of a data row in meta.rejects.file_header after the upgrade', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-file-header-')); dirs.push(dir);
    const db = await Db.open(join(dir, 'almp.duckdb'));
    await bootstrap(db);
    await db.run(`INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
      VALUES (1, 'providers', 'p.csv', '/in/p.csv', 'h', 'csv', 1, 1, 0, 0, TIMESTAMP '2026-12-06 14:20:00')`);
    await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at, file_header)
      VALUES (2, 'final_reports', 'berichte.csv', NULL, 'participant_id', NULL, 'Required columns missing', TIMESTAMP '2026-12-06 14:20:00',
              ['K-0077812', 'M-1', 'Abbruch wegen Depression', 'Frau Erika Mustermann'])`);
    // a header line that named columns keeps them
    await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at, file_header)
      VALUES (3, 'final_reports', 'berichte2.csv', NULL, 'participant_id', NULL, 'Required columns missing', TIMESTAMP '2026-12-06 14:21:00',
              ['measure_id', '', 'Ergebnis', 'Notiz'])`);
    await db.run('DELETE FROM meta.schema_version WHERE version >= 11');
    await db.run('CHECKPOINT');
    await bootstrap(db);
    const header = await db.json<{ h: string[] }>('SELECT file_header AS h FROM meta.rejects ORDER BY file_id');
    db.close();
    expect(header).toEqual([{ h: ['?', '?', '?', '?'] }, { h: ['measure_id', '', 'Ergebnis', '?'] }]);
    expect(readFileSync(join(dir, 'almp.duckdb')).toString('latin1')).not.toContain('Depression');
  });
});
