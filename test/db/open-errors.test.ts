/** A --db that names the wrong thing gets a message with the next step, not an "unexpected error". */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('names a file that is not a database and points to almp restore', async () => {
  const readme = join(dir, 'README.md');
  writeFileSync(readme, '# not a database\n'.repeat(400));
  const opened = Db.open(readme);
  await expect(opened).rejects.toThrow(`${readme} is not a DuckDB database file`);
  await expect(opened).rejects.toMatchObject({ hint: expect.stringContaining('almp restore') });
});

it('refuses a path under a file as a usage error', async () => {
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'x');
  const opened = Db.open(join(file, 'almp.duckdb'));
  await expect(opened).rejects.toThrow(`Cannot use the database path ${join(file, 'almp.duckdb')}: part of ${file} is a file, not a folder.`);
  await expect(opened).rejects.toMatchObject({ exitCode: 2 });
});
