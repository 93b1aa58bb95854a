/**
 * What `almp` writes is not world-readable: the database, its folder and the outputs hold
 * pseudonymised personal data or figures from it (a privacy audit found 0644 files).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLES } from '../hardening/helpers.ts';
import { spawnTs } from './child.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function walk(path: string): string[] {
  return statSync(path).isDirectory() ? [path, ...readdirSync(path).flatMap((e) => walk(join(path, e)))] : [path];
}

describe('file modes', () => {
  it('writes the database, its folder and the key without any access for others, whatever the umask', async () => {
    const data = join(dir, 'data');
    const child = spawnTs('pipelines/cli/main.ts', ['--db', join(data, 'almp.duckdb'), 'ingest', join(SAMPLES, 'jobcenters')], { ALMP_PSEUDONYM_KEY: '' });
    const { code } = await child.exited();
    expect(code, child.output()).toBe(0);
    const written = walk(data);
    expect(written.some((p) => p.endsWith('almp.duckdb'))).toBe(true);
    for (const path of written) expect([path, (statSync(path).mode & 0o007).toString(8)]).toEqual([path, '0']);
  }, 60_000);

  it('keeps a stricter umask of the operator (077: nothing for the group either)', async () => {
    const data = join(dir, 'data-077');
    // the child inherits the umask of the process that spawns it
    const before = process.umask(0o077);
    const child = spawnTs('pipelines/cli/main.ts', ['--db', join(data, 'almp.duckdb'), 'ingest', join(SAMPLES, 'jobcenters')], { ALMP_PSEUDONYM_KEY: '' });
    process.umask(before);
    const { code } = await child.exited();
    expect(code, child.output()).toBe(0);
    for (const path of walk(data)) expect([path, (statSync(path).mode & 0o077).toString(8)]).toEqual([path, '0']);
  }, 60_000);
});
