/**
 * `almp check` rebuilt the models its checks read (27 of 44, one check reads
 * mart.indicator_values) on every call: 47 s and 2 GB at 10^6 participations, holding the
 * writer. Where the last build is of the same as-of, by this version, with no file loaded
 * since, the checks read its tables — with the findings a rebuild gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { SAMPLES } from '../hardening/helpers.ts';
import { KEY, openStore, type TestStore } from '../ingest/helpers.ts';
import { forgetPersons } from '../../pipelines/ops/forget.ts';

const AS_OF = '2026-09-30';
let store: TestStore;
beforeAll(async () => {
  store = await openStore();
  await store.ingest([SAMPLES]);
  await buildModels(store.db, { asOf: AS_OF }, quietEffects());
}, 120_000);
afterAll(() => store?.close());

const project = discoverProject();
const findings = (asOf: string, reuseBuild?: boolean) =>
  withCheckInputs(store.db, project, asOf, async () => Promise.all(project.checks.map(async (c) => [c.name, await store.db.json(`SELECT * FROM (${c.sql}) ORDER BY ALL`)])), { reuseBuild });

/** The model statements a call ran (CREATE OR REPLACE TABLE/VIEW of a schema's model). */
async function modelsRun<T>(work: () => Promise<T>): Promise<{ result: T; models: number }> {
  const run = vi.spyOn(Db.prototype, 'run');
  try {
    const result = await work();
    return { result, models: run.mock.calls.filter(([sql]) => /CREATE OR REPLACE (TABLE|VIEW) (staging|core|mart)\./.test(String(sql))).length };
  } finally {
    run.mockRestore();
  }
}

describe('almp check after a build of the same as-of', () => {
  it('reads the built tables, with the findings of a rebuild', async () => {
    const reused = await modelsRun(() => findings(AS_OF));
    expect(reused.models).toBe(0);
    const rebuilt = await modelsRun(() => findings(AS_OF, false));
    expect(rebuilt.models).toBeGreaterThan(20);
    expect(reused.result).toEqual(rebuilt.result);
    expect((reused.result as [string, unknown[]][]).some(([, rows]) => rows.length > 0)).toBe(true);
  }, 120_000);

  it('rebuilds for another as-of, and after a file loaded since the build', async () => {
    expect((await modelsRun(() => findings('2026-06-30'))).models).toBeGreaterThan(20);
    await store.ingest([join(SAMPLES, 'outcomes')]); // already loaded: no new file
    expect((await modelsRun(() => findings(AS_OF))).models).toBe(0);
    // a new delivery (the Jobcenters' list with one name changed)
    const list = readFileSync(join(SAMPLES, 'jobcenters', 'dienststellen.csv'), 'utf8').replace('Darmstadt', 'Darmstadt-Stadt');
    writeFileSync(join(store.dir, 'dienststellen_neu.csv'), list);
    await store.ingest([join(store.dir, 'dienststellen_neu.csv')], { kind: 'jobcenters' });
    // the test's clock stands still: loaded after the build, as a real clock would say
    await store.db.run("UPDATE meta.files SET loaded_at = loaded_at + INTERVAL 1 HOUR WHERE name = 'dienststellen_neu.csv'");
    expect((await modelsRun(() => findings(AS_OF))).models).toBeGreaterThan(20);
  }, 120_000);

  it('rebuilds after an erase whose rebuild did not run: the built tables still hold the person (review)', async () => {
    // built after the delivery of the test before (the still clock: the delivery back to before it)
    await store.db.run("UPDATE meta.files SET loaded_at = loaded_at - INTERVAL 2 HOUR WHERE name = 'dienststellen_neu.csv'");
    await buildModels(store.db, { asOf: AS_OF }, quietEffects());
    expect((await modelsRun(() => findings(AS_OF))).models).toBe(0);
    const person = readFileSync(join(SAMPLES, 'participations', 'teilnahmen_06411.csv'), 'latin1').split('\n')[1]!.split(';')[0]!;
    const erase = { ids: [person], key: KEY, dryRun: false, keptFiles: [], rebuild: async () => false, replaceSnapshots: async () => {} };
    await expect(forgetPersons(store.db, erase, quietEffects())).rejects.toThrow(/the model build failed/);
    expect((await modelsRun(() => findings(AS_OF))).models).toBeGreaterThan(20);
  }, 120_000);
});
