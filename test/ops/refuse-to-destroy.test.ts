import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareExportDir } from '../../pipelines/federation/export-dir.ts';
import { requireDatabase } from '../../pipelines/commands/open-db.ts';
import { loadConfig } from '../../pipelines/config.ts';
import { CliError } from '../../pipelines/errors.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('export folder', () => {
  it('refuses a folder with other files, the database, or the current folder, and replaces only an earlier export', () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-exportdir-'));
    const db = join(dir, 'data', 'almp.duckdb');
    mkdirSync(join(dir, 'data'));
    writeFileSync(db, 'db');
    const notes = join(dir, 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'important.txt'), 'keep');
    expect(() => prepareExportDir(notes, db)).toThrow(/not empty and is not an earlier export/);
    expect(() => prepareExportDir(join(dir, 'data'), db)).toThrow(/holds the database/);
    expect(() => prepareExportDir(dir, db)).toThrow(CliError);
    expect(() => prepareExportDir(process.cwd(), db)).toThrow(/current folder/);
    // a folder that cannot be made: refused as a usage error, as every --out is
    const inTheWay = join(notes, 'important.txt');
    expect(() => prepareExportDir(join(inTheWay, 'out'), db)).toThrow(`Cannot write the outputs to ${join(inTheWay, 'out')}: ${inTheWay} is a file, not a folder. Nothing was exported.`);
    expect(readdirSync(notes)).toEqual(['important.txt']);
    expect(existsSync(db)).toBe(true);

    // a new folder is created; an earlier export loses its own parts only
    const out = join(dir, 'export');
    prepareExportDir(out, db);
    mkdirSync(join(out, 'mart'));
    writeFileSync(join(out, 'mart', 'x.parquet'), 'x');
    writeFileSync(join(out, 'core.participations.arrow'), 'x');
    writeFileSync(join(out, 'almp-export.json'), '{}');
    writeFileSync(join(out, 'README-for-the-state.txt'), 'keep');
    prepareExportDir(out, db);
    expect(readdirSync(out)).toEqual(['README-for-the-state.txt']);
    // killed while writing its first manifest: only the manifest's temp file is left
    writeFileSync(join(out, '.almp-export.json.4242.tmp'), '{');
    prepareExportDir(out, db);
    expect(readdirSync(out)).toEqual(['README-for-the-state.txt']);
  });
});

describe('verbs that read the database', () => {
  it('refuse a database path where there is none (opening would create an empty one)', () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-nodb-'));
    const config = loadConfig({ db: join(dir, 'typo', 'almp.duckdb') }, {});
    expect(() => requireDatabase(config)).toThrow(/There is no database at .*typo/);
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    writeFileSync(join(dir, 'almp.duckdb'), '');
    expect(() => requireDatabase(loadConfig({ db: join(dir, 'almp.duckdb') }, {}))).not.toThrow();
  });
});

describe('configuration from the environment', () => {
  it('names the variable and an example of a right value', () => {
    const at = { db: '/tmp/almp-config-test/almp.duckdb' };
    expect(() => loadConfig(at, { ALMP_MEMORY_LIMIT: 'lots' })).toThrow('ALMP_MEMORY_LIMIT must be a size such as 2GB or 1536MB');
    expect(() => loadConfig(at, { ALMP_SUPPRESSION_THRESHOLD: 'abc' })).toThrow('ALMP_SUPPRESSION_THRESHOLD must be a whole number from 1 to 100, such as 5');
    expect(() => loadConfig(at, { ALMP_THREADS: '1.5' })).toThrow(CliError);
    expect(() => loadConfig(at, { ALMP_PSEUDONYM_KEY: 'short' })).toThrow('ALMP_PSEUDONYM_KEY must have at least 16 characters');
    expect(loadConfig(at, { ALMP_MEMORY_LIMIT: '2GB', ALMP_THREADS: '2', ALMP_SUPPRESSION_THRESHOLD: '3' })).toMatchObject({ memoryLimit: '2GB', threads: 2, suppressionThreshold: 3 });
  });
});
