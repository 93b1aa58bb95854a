/**
 * A database filled by almp before it kept the key's fingerprint (before 2026-12-02 22:06),
 * upgraded without its key file: the new version made a new key and loaded with it (every
 * new report unmatched), then took it for the database's key. It must refuse instead.
 * The older database is made here as that version left it: files in meta.files, no
 * fingerprint.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestCommand } from '../../pipelines/commands/ingest.ts';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';

describe('upgrade without the key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-key-upgrade-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'almp.duckdb');
  const keyFile = join(dir, 'almp.key');
  const file = join(dir, 'providers.csv');
  writeFileSync(file, 'provider_id;name;provider_type\nP1;Bildung gGmbH;independent\n');

  it('refuses a key made just now for a database that holds files, and removes that key again', async () => {
    const db = await Db.open(dbPath);
    await bootstrap(db);
    await db.run(`INSERT INTO meta.files VALUES (900, 'participations', 'teilnahmen.csv', '/in/teilnahmen.csv', 'h1', 'csv', NULL, 400, 400, 0, 0, 0, NULL, TIMESTAMP '2026-11-22 08:00:00', NULL)`);
    await db.run('DELETE FROM meta.pseudonym_key');
    db.close();

    const config = loadConfig({ db: dbPath, keyFile }, {});
    await expect(ingestCommand(config, { paths: [file], kind: 'providers' }, quietEffects())).rejects.toThrow(/no pseudonym key at .*already holds 1 loaded files/);
    expect(existsSync(keyFile)).toBe(false);
    const after = await Db.open(dbPath, { readOnly: true });
    expect(await after.scalar('SELECT count(*) FROM meta.files')).toBe(1);
    expect(await after.scalar('SELECT count(*) FROM meta.pseudonym_key')).toBe(0);
    after.close();

    // the original key back: loads, and becomes the database's key — said, as it is taken without proof
    writeFileSync(keyFile, `${'a'.repeat(64)}\n`, { mode: 0o600 });
    const adopted = quietEffects();
    const results = await ingestCommand(config, { paths: [file], kind: 'providers' }, adopted);
    expect(results[0]).toMatchObject({ rowsLoaded: 1 });
    expect(adopted.warnings.join('\n')).toContain(`This database kept no fingerprint of its pseudonym key (almp before 2026-12-02): the key in use now (${keyFile}, fingerprint`);

    // another key afterwards is refused; the advice says a key may have been taken at the first
    // ingest after an upgrade — 'put the original key file back' alone sent away the right key (an upgrade audit)
    const other = loadConfig({ db: dbPath, keyFile }, { ALMP_PSEUDONYM_KEY: 'b'.repeat(64) });
    const refused = ingestCommand(other, { paths: [file], kind: 'providers' }, quietEffects());
    await expect(refused).rejects.toThrow(/not the key this database was filled with/);
    await expect(refused).rejects.toMatchObject({ hint: expect.stringContaining('A database that kept no fingerprint before an upgrade took the key of the first command that used one after it') });
  });

  it('a new database still gets a new key', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'almp-key-new-'));
    try {
      const config = loadConfig({ db: join(fresh, 'almp.duckdb') }, {});
      const results = await ingestCommand(config, { paths: [file], kind: 'providers' }, quietEffects());
      expect(results[0]!.rowsLoaded).toBe(1);
      expect(existsSync(join(fresh, 'almp.key'))).toBe(true);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
