/**
 * `almp ingest EXPORT` into a new database without a key: a key is made for the run, the
 * export is refused as made with another key — and the made key stayed beside the database.
 * The next ingest took it as the database's key: given the right key it loaded, but without
 * it refused the right key's data as another key's ("put the original key file back").
 * The made key goes again when nothing was loaded with it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestCommand } from '../../pipelines/commands/ingest.ts';
import { exportData } from '../../pipelines/federation/export.ts';
import { KEY, sampleStore, tempDir } from './helpers.ts';

describe('an export refused for its key in a new database', () => {
  const tmp = tempDir('almp-federation-new-key-');
  let jobcenter: Db;
  const exported = join(tmp.dir, 'export');
  beforeAll(async () => {
    jobcenter = await sampleStore(join(tmp.dir, 'jobcenter.duckdb'));
    await exportData(jobcenter, { format: 'parquet', outDir: exported, key: KEY }, quietEffects());
  });
  afterAll(() => {
    jobcenter.close();
    tmp.cleanup();
  });

  it('leaves no key made for the run, and loads with the right key after', async () => {
    const db = join(tmp.dir, 'state', 'almp.duckdb');
    const keyFile = join(tmp.dir, 'state', 'almp.key');
    const said = quietEffects();
    await expect(ingestCommand(loadConfig({ db }, {}), { paths: [exported] }, said)).rejects.toThrow(/was pseudonymised with a different key/);
    expect(existsSync(keyFile)).toBe(false);
    expect(said.warnings).toContain(`The pseudonym key made for this run (${keyFile}) was removed again: nothing was loaded with it.`);
    const loaded = await ingestCommand(loadConfig({ db }, { ALMP_PSEUDONYM_KEY: KEY.toString() }), { paths: [exported] }, quietEffects());
    expect(loaded.filter((r) => r.status !== 'success')).toEqual([]);
  }, 60_000);
});
