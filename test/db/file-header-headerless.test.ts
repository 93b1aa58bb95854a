/**
 * Migration 12 turned the first data row the version of e04a6e2 stored for a headerless file
 * into ['?', '?', …], a header naming no column, where the current version stores none; status
 * judges the two apart (a refusal without a header is resolved by a later file of its name of
 * any kind), so after the upgrade such a refusal stayed open where the same one recorded now is
 * resolved (a second review). The migration stores none for it either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { isOpen, recentRejects } from '../../pipelines/ops/status-rejects.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const REASON = 'Required columns missing: measure_id, jobcenter_id (0 of the 4 header cells name a known column; its first line holds dates or numbers: a data row, not a header).';

async function scenario(header: string): Promise<{ stored: unknown; open: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'almp-m12-')); dirs.push(dir);
  const db = await Db.open(join(dir, 'almp.duckdb'));
  await bootstrap(db);
  // a headerless file dropped into measures/ and refused whole (file id 1, no ledger entry)
  await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at, file_header)
    VALUES (1, 'measures', 'export.csv', NULL, 'measure_id', NULL, $reason, TIMESTAMP '2026-12-06 14:20:00', ${header})`, { reason: REASON });
  // the sender's fix: the whole file with its header, put into participations/ under the same name
  await db.run(`INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
    VALUES (2, 'participations', 'export.csv', '/in/participations/export.csv', 'h2', 'csv', 3, 3, 0, 0, TIMESTAMP '2026-12-06 15:00:00')`);
  // as the version of e04a6e2 left it: schema 10 or 11
  await db.run('DELETE FROM meta.schema_version WHERE version >= 12');
  await db.run('CHECKPOINT');
  await bootstrap(db); // migration 12
  const stored = (await db.json<{ h: string[] | null }>('SELECT file_header AS h FROM meta.rejects'))[0]!.h;
  const [r] = await recentRejects(db, new Date('2026-12-01T00:00:00Z'));
  db.close();
  return { stored, open: isOpen(r!) };
}

describe('migration 12 on a headerless refusal stored by the version of e04a6e2', () => {
  it('leaves it as the current version records it (no header), so the fix of its name resolves it', async () => {
    // what the current version records for this file: no header at all
    const current = await scenario('NULL');
    // what the version of e04a6e2 recorded: the first data row
    const e04 = await scenario("['K-0077812', 'M-1', '01.02.2025', 'Abbruch wegen Depression']");
    expect(current).toEqual({ stored: null, open: false });
    expect(e04, 'after migration 12').toEqual({ stored: null, open: false });
  });
});
