/**
 * A new key refused for a filled database is removed again, and so are the folders made for
 * it: `almp --key-file /nonexist/dir/k.key ingest …` said "the new key file was removed
 * again" and left /nonexist/dir at the filesystem root.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestCommand } from '../../pipelines/commands/ingest.ts';
import { loadKey, removeNewKey } from '../../pipelines/ingest/pseudonym.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-key-folders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a refused new key', () => {
  it('leaves no folder made for it', async () => {
    const db = join(dir, 'almp.duckdb');
    const providers = join(dir, 'providers.csv');
    writeFileSync(providers, 'provider_id;name;provider_type\nP1;Bildung gGmbH;independent\n');
    await ingestCommand(loadConfig({ db }, {}), { paths: [providers], kind: 'providers' }, quietEffects());
    const elsewhere = loadConfig({ db, keyFile: join(dir, 'nonexist', 'dir', 'k.key') }, {});
    await expect(ingestCommand(elsewhere, { paths: [providers], kind: 'providers' }, quietEffects())).rejects.toThrow(/the new key file was removed again/);
    expect(existsSync(join(dir, 'nonexist'))).toBe(false);
  });

  it('keeps a folder that was there before, or that holds something else by now', () => {
    const there = join(dir, 'there');
    mkdirSync(there);
    const keyFile = join(there, 'made', 'k.key');
    loadKey({ keyFile });
    writeFileSync(join(there, 'made', 'notes.txt'), 'not almp');
    removeNewKey(keyFile);
    expect(readdirSync(join(there, 'made'))).toEqual(['notes.txt']);
  });
});
