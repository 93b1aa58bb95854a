/**
 * `almp doctor` before anything is loaded: no database yet, a freshly bootstrapped one, and
 * one whose only ingest refused every file — each without a key file. Nothing is lost in
 * any of them, and doctor must say so and what to do rather than ask for a backup.
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
import { doctor, type Finding } from '../../pipelines/ops/doctor.ts';

describe('almp doctor on an empty database without a key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-doctor-empty-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ db: join(dir, 'almp.duckdb') }, {});
  const check = async () => {
    const effects = quietEffects();
    const findings = await doctor(config, { snapshotDir: join(dir, 'snapshots') }, effects);
    return { by: Object.fromEntries(findings.map((f) => [f.check, f])) as Record<string, Finding>, text: effects.lines.join('\n') };
  };
  const firstIngestCreatesKey = {
    severity: 'warning',
    message: `no pseudonym key (${config.keyFile} does not exist)`,
    fix: 'the first ingest creates one; if data were loaded before, restore the original key file instead',
  };

  it('no database yet: the first ingest creates the key and the database, nothing is an error', async () => {
    const { by, text } = await check();
    expect(by['key']).toMatchObject(firstIngestCreatesKey);
    expect(by['database']).toMatchObject({ severity: 'warning', message: `${config.dbPath} does not exist yet`, fix: 'almp ingest <files> creates it' });
    expect(Object.values(by).filter((f) => f.severity === 'error')).toEqual([]);
    expect(existsSync(config.dbPath) || existsSync(config.keyFile)).toBe(false); // doctor creates neither
    expect(text).toMatch(/^WARNING key +no pseudonym key/m);
  });

  it('a freshly bootstrapped database: the same, and it says nothing is loaded', async () => {
    const db = await Db.open(config.dbPath);
    await bootstrap(db);
    db.close();
    const { by } = await check();
    expect(by['key']).toMatchObject(firstIngestCreatesKey);
    expect(by['database']).toMatchObject({ severity: 'warning', message: `${config.dbPath}: 0 files loaded, marts not built yet; storage format v1.3.0 (readers need DuckDB 1.3 or later)` });
    expect(Object.values(by).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('an ingest that refused its only file, then the key lost: says nothing is loaded and how to start afresh', async () => {
    const refused = join(dir, 'providers.csv');
    writeFileSync(refused, '');
    const [result] = await ingestCommand(config, { paths: [refused], kind: 'providers' }, quietEffects());
    expect(result!.status).toBe('error');
    rmSync(config.keyFile);
    const { by } = await check();
    // it read 'the database was filled with one', fix 'put the original key file back from your backup'
    expect(by['key']).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/^no pseudonym key at .*almp\.key; the database holds no loaded file, but recorded the key of its first ingest \(fingerprint [0-9a-f]{16}\) and refuses a new one$/),
      fix: `put that key file back; or, as nothing is loaded, start afresh: delete ${config.dbPath} (the next ingest creates it and a new key)`,
    });
    // ingest says the same (it read 'already holds 0 loaded files, whose ids were made with the earlier key')
    const good = join(dir, 'traeger.csv');
    writeFileSync(good, 'provider_id;name;provider_type\nP1;Bildung gGmbH;independent\n');
    await expect(ingestCommand(config, { paths: [good], kind: 'providers' }, quietEffects())).rejects.toThrow(/recorded the key of its first ingest .*, though no file has loaded yet/);
    // the fix as doctor gives it works
    rmSync(config.dbPath);
    const [loaded] = await ingestCommand(config, { paths: [good], kind: 'providers' }, quietEffects());
    expect(loaded).toMatchObject({ status: 'success', rowsLoaded: 1 });
    expect((await check()).by['key']).toMatchObject({ severity: 'ok' });
  });
});
