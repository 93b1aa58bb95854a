/**
 * A path of the configuration that cannot be what it names is refused as such, with exit
 * code 2, before a key, lock or database is made: `--key-file /tmp` said "Unexpected error:
 * EISDIR: illegal operation on a directory, read", `--db README.md/x.duckdb` "Unexpected
 * error: EEXIST: file already exists, mkdir '…/README.md'" (each: exit 1, 'report it').
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { CliError } from '../../pipelines/errors.ts';
import { spawnTs } from './child.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-config-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aFile = join(dir, 'README.md');
writeFileSync(aFile, '# not a folder\n');

const refusal = (run: () => unknown): CliError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('paths of the configuration', () => {
  it('refuses a key file that is a folder, naming it and a file to give instead', () => {
    const error = refusal(() => loadConfig({ db: join(dir, 'almp.duckdb'), keyFile: dir }, {}));
    expect(error.message).toBe(`The pseudonym key file ${dir} is a folder.`);
    expect(error.hint).toContain(`--key-file ${join(dir, 'almp.key')}`);
    // not read at all when the key is given in the environment
    expect(loadConfig({ db: join(dir, 'almp.duckdb'), keyFile: dir }, { ALMP_PSEUDONYM_KEY: 'a-key-of-sixteen-or-more' }).keyFile).toBe(dir);
  });

  it('refuses a database or key file under a file, naming the file in the way', () => {
    const db = refusal(() => loadConfig({ db: join(aFile, 'x.duckdb') }, {}));
    expect(db.message).toBe(`The database path ${join(aFile, 'x.duckdb')} cannot be used: ${aFile} is a file, not a folder.`);
    expect(db.hint).toBe(`Give a path in a folder, e.g. --db ${join(dir, 'x.duckdb')}.`);
    const key = refusal(() => loadConfig({ db: join(dir, 'almp.duckdb'), keyFile: join(aFile, 'deeper', 'k.key') }, {}));
    expect(key.message).toBe(`The pseudonym key file ${join(aFile, 'deeper', 'k.key')} cannot be used: ${aFile} is a file, not a folder.`);
  });

  it('ends `almp --key-file <folder> ingest` with the message and exit code 2, making nothing', async () => {
    const db = join(dir, 'data', 'almp.duckdb');
    const child = spawnTs('pipelines/cli/main.ts', ['--db', db, '--key-file', dir, 'ingest', aFile], { ALMP_PSEUDONYM_KEY: '' });
    expect((await child.exited()).code).toBe(2);
    expect(child.output()).toContain(`Error: The pseudonym key file ${dir} is a folder.`);
    expect(child.output()).not.toContain('Unexpected');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
