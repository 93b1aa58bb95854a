/**
 * A key too short is a configuration error wherever it is given: ALMP_PSEUDONYM_KEY=short
 * ended with exit code 2, a key file holding "abc" with exit code 1 ('is too short'), and
 * neither said how long a key must be and how to make one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnTs } from './child.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-short-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const providers = join(dir, 'providers.csv');
writeFileSync(providers, 'provider_id;name;provider_type\nP1;Bildung gGmbH;independent\n');

async function ingest(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawnTs('pipelines/cli/main.ts', ['--db', join(dir, 'almp.duckdb'), ...args, 'ingest', providers, '--kind', 'providers'], env);
  return { code: (await child.exited()).code, output: child.output() };
}

describe('a pseudonym key too short', () => {
  it('in ALMP_PSEUDONYM_KEY: exit code 2, the length and how to make one', async () => {
    const run = await ingest([], { ALMP_PSEUDONYM_KEY: 'short' });
    expect(run.code).toBe(2);
    expect(run.output).toContain('ALMP_PSEUDONYM_KEY must have at least 16 characters (make one with: openssl rand -hex 32)');
  });

  it('in the key file: exit code 2 as well, the length and how to make one', async () => {
    const keyFile = join(dir, 'almp.key');
    writeFileSync(keyFile, 'abc\n', { mode: 0o600 });
    const run = await ingest(['--key-file', keyFile], { ALMP_PSEUDONYM_KEY: '' });
    expect(run.code).toBe(2);
    expect(run.output).toContain(`Error: The pseudonym key file ${keyFile} is too short: 3 characters, where a key file holds at least 32.`);
    expect(run.output).toContain(`openssl rand -hex 32 > ${keyFile}`);
  });
});
