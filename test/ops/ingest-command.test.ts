/** `almp ingest` ends with one line saying what happened overall and what to do next. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ROOT } from './child.ts';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestCommand, ingestExitCode } from '../../pipelines/commands/ingest.ts';
import { Db } from '../../pipelines/db/database.ts';
import { doctor } from '../../pipelines/ops/doctor.ts';
import { SAMPLES } from '../hardening/helpers.ts';

describe('almp ingest closing line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-ingest-cmd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ db: join(dir, 'almp.duckdb') }, {});
  const good = join(dir, 'providers.csv');
  writeFileSync(good, 'provider_id;name;provider_type\nP1;Bildung gGmbH;independent\nP2;Kommunal;stiftung\n');

  it('counts loaded rows and rejects, then says nothing is new on the second call', async () => {
    const first = quietEffects();
    const results = await ingestCommand(config, { paths: [good], kind: 'providers' }, first);
    expect(ingestExitCode(results)).toBe(0);
    const loaded = results[0]!.rowsLoaded;
    const rejected = results[0]!.rowsRejected;
    expect([loaded, rejected]).toEqual([1, 1]); // "stiftung" is not a provider type
    // '1 file', '1 row': the counts name their noun in the right number
    // the database is not the default one: the next command names it
    expect(first.lines.at(-1)).toBe(`1 file loaded (1 row, 1 rejected). Next: \`almp run --db ${config.dbPath}\` to rebuild the figures.`);
    // a mistyped --db made a second database without a word: the first load into a new one says so
    expect(first.warnings.filter((w) => w.startsWith('Created a new database'))).toEqual([`Created a new database at ${config.dbPath}: there was none. If you meant an existing one, delete this one and the key ${config.keyFile} made with it and ingest again with the right --db or ALMP_DB (the default is data/almp.duckdb).`]);

    const second = quietEffects();
    await ingestCommand(config, { paths: [good], kind: 'providers' }, second);
    expect(second.lines.at(-1)).toBe('Nothing new: the file was already loaded.');
    expect(second.warnings.filter((w) => w.startsWith('Created a new database'))).toEqual([]);
  });

  it('says where the default database was made: the current folder, which a cron job without ALMP_DB may not mean', () => {
    // a first npm start was told to delete what it had just made; from another folder a second database was made without a hint (a review)
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/almp.mjs'), 'ingest', good, '--kind', 'providers'], { cwd, env: { ...process.env, ALMP_DB: '', ALMP_PSEUDONYM_KEY: 'k'.repeat(32) }, encoding: 'utf8' });
    expect(run.stderr).toContain(`Created a new database at ${join(realpathSync(cwd), 'data', 'almp.duckdb')}: there was none (the default data/almp.duckdb, in the current folder). If you meant an existing one, run almp in the folder that holds it, or give --db or ALMP_DB — and delete this one: it holds what was just loaded.`);
    // the key came from ALMP_PSEUDONYM_KEY: no key file was made, none is named (a review)
    expect(run.stderr).not.toContain('almp.key');
  });

  it('names failed files and what to do when nothing could be loaded', async () => {
    const broken = join(dir, 'empty.csv');
    writeFileSync(broken, '');
    const effects = quietEffects();
    const results = await ingestCommand(config, { paths: [broken], kind: 'providers' }, effects);
    expect(ingestExitCode(results)).toBe(1);
    expect(effects.lines.at(-1)).toMatch(/^0 files loaded \(0 rows, 0 rejected\), 1 not loaded\. Fix the files/);
  });

  it('exits 1 when the one new file of a folder is refused beside files loaded before (a cron job must see it)', async () => {
    const folder = mkdtempSync(join(dir, 'inbox-'));
    writeFileSync(join(folder, 'providers-a.csv'), 'provider_id;name;provider_type\nP3;Gamma;independent\n');
    expect(ingestExitCode(await ingestCommand(config, { paths: [folder], kind: 'providers' }, quietEffects()))).toBe(0);
    expect(ingestExitCode(await ingestCommand(config, { paths: [folder], kind: 'providers' }, quietEffects()))).toBe(0); // nothing new, nothing wrong
    writeFileSync(join(folder, 'providers-b.csv'), '');
    const results = await ingestCommand(config, { paths: [folder], kind: 'providers' }, quietEffects());
    expect(results.map((r) => [r.alreadyLoaded ?? false, r.status])).toEqual([[true, 'skipped'], [false, 'error']]);
    expect(ingestExitCode(results)).toBe(1);
  });

  it('exits 0 when a new file loads beside one refused whole (contracts: non-zero only if nothing could be done), and its closing line says so', async () => {
    const folder = mkdtempSync(join(dir, 'mixed-'));
    writeFileSync(join(folder, 'providers-c.csv'), 'provider_id;name;provider_type\nP4;Delta;independent\n');
    writeFileSync(join(folder, 'providers-d.csv'), 'name;provider_type\nEpsilon;independent\n'); // no provider_id
    const effects = quietEffects();
    const results = await ingestCommand(config, { paths: [folder], kind: 'providers' }, effects);
    expect(results.map((r) => r.status)).toEqual(['success', 'error']);
    expect(ingestExitCode(results)).toBe(0);
    // it ended 'Next: almp run …' with the refusal scrolled away above
    expect(effects.lines.at(-1)).toBe(
      `1 file loaded (1 row, 0 rejected), 1 not loaded. Next: \`almp run --db ${config.dbPath}\` to rebuild the figures. The file not loaded is named above: fix it and ingest it again (exit code 0, as other files loaded; \`almp status\` exits 1 while a file refused whole is not loaded).`,
    );
  });

  it('exits 1 when an empty delivery is the only file loaded beside one refused (a failed download beside an empty month)', async () => {
    const folder = mkdtempSync(join(dir, 'empty-beside-'));
    writeFileSync(join(folder, 'providers-e.csv'), 'provider_id;name;provider_type\n'); // a header, no record
    writeFileSync(join(folder, 'providers-f.csv'), 'name;provider_type\nZeta;independent\n'); // no provider_id
    const effects = quietEffects();
    const results = await ingestCommand(config, { paths: [folder], kind: 'providers' }, effects);
    expect(results.map((r) => [r.status, r.rowsLoaded])).toEqual([['success', 0], ['error', 0]]);
    expect(ingestExitCode(results)).toBe(1);
    expect(effects.lines.at(-1)).toBe('1 file loaded (0 rows, 0 rejected), 1 not loaded. Fix the files named above and ingest them again.');
    // the empty delivery alone is a delivery, not a failure
    const alone = mkdtempSync(join(dir, 'empty-alone-'));
    writeFileSync(join(alone, 'providers-g.csv'), 'provider_id;name;provider_type\n');
    expect(ingestExitCode(await ingestCommand(config, { paths: [alone], kind: 'providers' }, quietEffects()))).toBe(0);
  });

  it('with --kind on the inbox loads only the files of that kind and leaves the others untouched', async () => {
    const own = loadConfig({ db: join(mkdtempSync(join(dir, 'kind-')), 'almp.duckdb') }, {});
    const results = await ingestCommand(own, { paths: [SAMPLES], kind: 'providers' }, quietEffects());
    const loaded = results.filter((r) => r.status === 'success').map((r) => basename(r.file));
    expect(loaded).toEqual(['traegerverzeichnis.csv']);
    expect(results.filter((r) => r.status === 'error').every((r) => /but --kind providers was given: not loaded/.test(r.error ?? ''))).toBe(true);
    expect(results.length).toBeGreaterThan(5);
    const db = await Db.open(own.dbPath);
    try {
      expect(await db.scalar("select count(*) from raw.providers where name is null or name = ''")).toBe(0);
    } finally {
      db.close();
    }
  });

  it('warns when the key file it uses is readable by others (doctor calls that an error)', async () => {
    const own = loadConfig({ db: join(mkdtempSync(join(dir, 'key-mode-')), 'almp.duckdb') }, {});
    const quiet = quietEffects();
    await ingestCommand(own, { paths: [good], kind: 'providers' }, quiet);
    expect(quiet.warnings.some((w) => w.includes('readable by others'))).toBe(false);
    chmodSync(own.keyFile, 0o644);
    const effects = quietEffects();
    await ingestCommand(own, { paths: [good], kind: 'providers' }, effects);
    expect(effects.warnings).toContain(`The pseudonym key file ${own.keyFile} is readable by others (mode 644): whoever reads it can re-identify persons from the pseudonyms — chmod 600 ${own.keyFile}.`);
  });

  it('says a file whose every row was rejected loaded nothing, and exits 1', async () => {
    const bad = join(dir, 'providers-bad.csv');
    writeFileSync(bad, 'provider_id;name;provider_type\nP7;Alpha;stiftung\nP8;Beta;verein\n');
    const effects = quietEffects();
    const results = await ingestCommand(config, { paths: [bad], kind: 'providers' }, effects);
    expect([results[0]!.rowsLoaded, results[0]!.rowsRejected]).toEqual([0, 2]);
    expect(effects.lines.at(-1)).toBe('1 file read, no row loaded (2 rejected). Every row was rejected (reasons above): fix the rows and ingest the file again.');
    expect(ingestExitCode(results)).toBe(1);
  });

  it('refuses a key other than the one the database was filled with (a lost key file silently replaced), and doctor says so', async () => {
    const keyDir = mkdtempSync(join(tmpdir(), 'almp-key-guard-'));
    try {
      const first = loadConfig({ db: join(keyDir, 'almp.duckdb') }, {});
      await ingestCommand(first, { paths: [good], kind: 'providers' }, quietEffects());
      // the key file is lost: the next ingest creates a new key, and must not load with it
      rmSync(first.keyFile);
      const other = join(dir, 'providers-2.csv');
      writeFileSync(other, 'provider_id;name;provider_type\nP3;Neu gGmbH;independent\n');
      const effects = quietEffects();
      // it says the key was missing, not "back up the new key" and then "not the key"
      await expect(ingestCommand(first, { paths: [other], kind: 'providers' }, effects)).rejects.toThrow(/There was no pseudonym key at .*the new key file was removed again/);
      expect(effects.warnings.join('\n')).not.toMatch(/Back it up/);
      expect(existsSync(first.keyFile)).toBe(false); // the useless new key is not left for the next attempt
      const db = await Db.open(first.dbPath, { readOnly: true });
      expect(await db.scalar('SELECT count(*) FROM meta.files')).toBe(1); // nothing loaded with the new key
      db.close();
      const findings = await doctor(first, { snapshotDir: join(keyDir, 'snapshots') }, quietEffects());
      expect(findings.find((f) => f.check === 'key')).toMatchObject({ severity: 'error', message: expect.stringContaining('no pseudonym key at'), fix: expect.stringContaining('original key') });
      // a key that is there but another one is still refused as not the database's key
      writeFileSync(first.keyFile, 'y'.repeat(64));
      await expect(ingestCommand(first, { paths: [other], kind: 'providers' }, quietEffects())).rejects.toThrow(/not the key this database was filled with/);
      rmSync(first.keyFile);
      // the same key given in the environment is accepted
      const envKey = loadConfig({ db: join(keyDir, 'other.duckdb') }, { ALMP_PSEUDONYM_KEY: 'x'.repeat(40) });
      expect(ingestExitCode(await ingestCommand(envKey, { paths: [other], kind: 'providers' }, quietEffects()))).toBe(0);
      expect(ingestExitCode(await ingestCommand(envKey, { paths: [good], kind: 'providers' }, quietEffects()))).toBe(0);
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
  });

  it('says that --sheet was not used when no file read is an XLSX file', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'almp-sheet-'));
    try {
      const effects = quietEffects();
      await ingestCommand(loadConfig({ db: join(fresh, 'almp.duckdb') }, {}), { paths: [join(SAMPLES, 'jobcenters')], kind: 'jobcenters', sheet: 'Dienststellen' }, effects);
      expect(effects.warnings).toContain('--sheet Dienststellen applies to XLSX files only: none of the files read is one, so it was not used.');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('refuses a path that does not exist before creating a key or a database, and a folder given as the database', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'almp-no-path-'));
    try {
      const config = loadConfig({ db: join(fresh, 'data', 'almp.duckdb') }, {});
      await expect(ingestCommand(config, { paths: [join(fresh, 'nope.csv')] }, quietEffects())).rejects.toThrow(/Nothing to ingest: .*nope\.csv does not exist/);
      expect(existsSync(join(fresh, 'data'))).toBe(false);
      // a folder with nothing to read (a letter only): no database or key made either
      mkdirSync(join(fresh, 'inbox'));
      writeFileSync(join(fresh, 'inbox', 'anschreiben.pdf'), '%PDF');
      await expect(ingestCommand(config, { paths: [join(fresh, 'inbox')] }, quietEffects())).rejects.toThrow(/^Nothing to load: no CSV, XLSX, JSON or NDJSON file in .*inbox; no database or key was created\.$/);
      expect(existsSync(join(fresh, 'data'))).toBe(false);
      expect(() => loadConfig({ db: fresh }, {})).toThrow(/is a folder/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('refuses a database file named like one of its schemas (ref.duckdb: DuckDB names the database "ref") before anything is written', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'almp-schema-name-'));
    try {
      for (const name of ['ref.duckdb', 'raw.duckdb', 'Mart.duckdb', 'meta', 'information_schema.duckdb']) {
        expect(() => loadConfig({ db: join(fresh, name) }, {})).toThrow(/cannot be used: DuckDB names the database '(ref|raw|mart|meta|information_schema)' after it/);
      }
      // and the store itself, for callers that do not go through the command line
      await expect(Db.open(join(fresh, 'core.duckdb'))).rejects.toThrow(/Name the file differently|cannot be used/);
      expect(readdirSync(fresh)).toEqual([]);
      // a folder no folder can be made in (/proc): said at once — Node's recursive mkdir under
      // /proc retried for ever, first for the database's, then for the key file's folder
      await expect(ingestCommand(loadConfig({ db: '/proc/almp-test/a.duckdb' }, {}), { paths: [join(SAMPLES, 'jobcenters')], kind: 'jobcenters' }, quietEffects())).rejects.toThrow(/no folder can be made in \/proc/);
      // a name that only contains one is fine
      const config = loadConfig({ db: join(fresh, 'ref-2026.duckdb') }, {});
      expect(ingestExitCode(await ingestCommand(config, { paths: [join(SAMPLES, 'jobcenters')], kind: 'jobcenters' }, quietEffects()))).toBe(0);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
