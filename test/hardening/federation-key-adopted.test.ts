/**
 * A database without a key fingerprint (almp before 2026-12-02) takes the first key used after
 * the upgrade. Only ingest said so; when `almp export` was that first command, the key was
 * recorded silently and the later refusal's hint spoke of an ingest that had said so (a review).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestCommand } from '../../pipelines/commands/ingest.ts';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { exportData } from '../../pipelines/federation/export.ts';

describe('key adopted by almp export after an upgrade', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-key-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'almp.duckdb');
  const keyFile = join(dir, 'almp.key');
  const file = join(dir, 'providers.csv');
  writeFileSync(file, 'provider_id;name;provider_type\nP1;Bildung gGmbH;independent\n');

  it('says so when export takes the key', async () => {
    const db = await Db.open(dbPath);
    await bootstrap(db);
    await db.run(`INSERT INTO meta.files VALUES (900, 'participations', 'teilnahmen.csv', '/in/teilnahmen.csv', 'h1', 'csv', NULL, 400, 400, 0, 0, 0, NULL, TIMESTAMP '2026-11-22 08:00:00', NULL)`);
    await db.run('DELETE FROM meta.pseudonym_key');
    // the first command after the upgrade: almp export, with a key that is not the data's
    const exported = quietEffects();
    await exportData(db, { format: 'parquet', outDir: join(dir, 'export'), key: Buffer.from('b'.repeat(64), 'hex') }, exported).catch((e) => exported.warnings.push(`(export failed: ${String(e).slice(0, 80)})`));
    const recorded = await db.scalar('SELECT count(*) FROM meta.pseudonym_key');
    db.close();

    // the original key, now refused
    writeFileSync(keyFile, `${'a'.repeat(64)}\n`, { mode: 0o600 });
    const config = loadConfig({ db: dbPath, keyFile }, {});
    const hint = await ingestCommand(config, { paths: [file], kind: 'providers' }, quietEffects()).then(() => 'loaded', (e: { hint?: string }) => e.hint);
    expect(recorded).toBe(1);
    expect(exported.warnings.join('\n')).toContain('kept no fingerprint of its pseudonym key');
    expect(exported.warnings.join('\n')).toContain('this export is stamped with it');
    expect(hint).toContain('the first command that used one after it — ingest, export or the import of an export');
  });
});
