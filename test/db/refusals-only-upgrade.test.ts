/**
 * An installation whose deliveries were all refused holds a Kundennummer only in meta.rejects
 * and meta.job_runs. Such a file was taken for a new one (version 0: migration 11 recorded as
 * applied without running) or for one with nothing to rewrite (version 10: masked rows, the
 * raw id left in the file's freed blocks) (a review).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { CURRENT_SCHEMA_VERSION, schemaVersion } from '../../pipelines/db/migrations.ts';
import { ensureLedger, recordEnd, recordStart } from '../../pipelines/schedule/job-ledger.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('version-0 file holding only a refusal', () => {
  it('masks the Kundennummer in the refused file name (migration 11)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-refusals-')); dirs.push(dir);
    const db = await Db.open(join(dir, 'almp.duckdb'));
    await bootstrap(db);
    // as an older version left it: a participations file refused whole, nothing loaded
    await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at)
      VALUES (1, 'participations', 'Teilnahmen_123A456789.csv', NULL, 'participant_id', NULL, 'required column missing in Teilnahmen_123A456789.csv', TIMESTAMP '2026-11-20 08:00:00')`);
    await ensureLedger(db);
    const run = await recordStart(db, { job: 'ingest', scheduledAt: null, trigger: 'cron', startedAt: new Date('2026-11-20T08:00:00Z') });
    await recordEnd(db, run, { endedAt: new Date('2026-11-20T08:00:01Z'), status: 'error', items: [{ name: 'Teilnahmen_123A456789.csv', status: 'error', error: 'refused' }] });
    await db.run('DELETE FROM meta.schema_version'); // made before the upgrade steps
    await db.run('CHECKPOINT');
    await bootstrap(db);
    expect(await schemaVersion(db)).toBe(CURRENT_SCHEMA_VERSION);
    const left = {
      rejects: await db.json('SELECT file_name, reason FROM meta.rejects'),
      runs: await db.json("SELECT json_extract_string(detail, '$[0].name') AS name FROM meta.job_runs"),
    };
    db.close();
    const inFile = readFileSync(join(dir, 'almp.duckdb')).toString('latin1').includes('123A456789');
    expect({ ...left, inFile }).toEqual({
      rejects: [{ file_name: 'Teilnahmen_….csv', reason: 'required column missing in Teilnahmen_….csv' }],
      runs: [{ name: 'Teilnahmen_….csv' }],
      inFile: false,
    });
  });
});

describe('version-10 file holding only a refusal', () => {
  it('is rewritten after migration 11 masks the refused file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-refusals-')); dirs.push(dir);
    const path = join(dir, 'almp.duckdb');
    const db = await Db.open(path);
    await bootstrap(db);
    await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at)
      VALUES (1, 'participations', 'Teilnahmen_123A456789.csv', NULL, 'participant_id', NULL, 'required column missing', TIMESTAMP '2026-11-20 08:00:00')`);
    await ensureLedger(db);
    const run = await recordStart(db, { job: 'ingest', scheduledAt: null, trigger: 'cron', startedAt: new Date('2026-11-20T08:00:00Z') });
    await recordEnd(db, run, { endedAt: new Date('2026-11-20T08:00:01Z'), status: 'error', items: [{ name: 'Teilnahmen_123A456789.csv', status: 'error' }] });
    await db.run('DELETE FROM meta.schema_version WHERE version >= 11');
    await db.run('CHECKPOINT');
    await bootstrap(db);
    const masked = await db.json('SELECT file_name FROM meta.rejects');
    const pending = await db.scalar('SELECT count(*) FROM meta.rewrite_pending');
    db.close();
    const inFile = readFileSync(path).toString('latin1').includes('123A456789');
    expect({ masked, pending, inFile }).toEqual({ masked: [{ file_name: 'Teilnahmen_….csv' }], pending: 0, inFile: false });
  });
});
