/**
 * A database with the provider files only (no participations): `almp run` wrote empty
 * dashboards and funder returns, every line 'ok', exit 0 — a return of none, ready to send.
 * The build still runs (its checks say what the files hold); the outputs are refused with
 * what to load, by `almp run` and by every output verb that reads the marts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/commands/run.ts';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { refuseOutdatedMarts } from '../../pipelines/models/marts-version.ts';
import { KEY, openStore, SAMPLES, tempDir } from '../hardening/helpers.ts';

const REASON = "no participations are loaded, so every figure would be empty: load the Jobcenter's participations (almp ingest FILE --kind participations), then almp run";

describe('almp run without participations', () => {
  const tmp = tempDir('almp-run-empty-');
  let db: Db;
  beforeAll(async () => {
    db = await openStore(join(tmp.dir, 'almp.duckdb'));
    const loaded = await ingestPaths(db, { paths: ['jobcenters', 'providers', 'measures', 'final_reports'].map((k) => join(SAMPLES, k)), key: KEY }, quietEffects());
    expect(loaded.filter((r) => r.status === 'error')).toEqual([]);
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('builds the models, writes no page and no return, and says what to load', async () => {
    const out = join(tmp.dir, 'out');
    const effects = quietEffects(new Date('2026-12-03T12:00:00Z'));
    const run = await runPipeline(db, { outDir: out, suppressionThreshold: 5, dashboardFormats: ['html'] }, effects);
    expect(run.models.models.filter((m) => m.status !== 'success')).toEqual([]);
    expect(run.outputs).toEqual([
      { name: 'dashboards', status: 'error', error: REASON },
      { name: 'returns', status: 'error', error: REASON },
    ]);
    expect(existsSync(out) ? readdirSync(out, { recursive: true }).filter((f) => /\.(html|xlsx)$/.test(String(f))) : []).toEqual([]);
    // almp dashboards, almp returns and the scheduler's output jobs refuse the same marts
    expect(await refuseOutdatedMarts(db, 'returns 2025')).toEqual([{ name: 'returns 2025', status: 'error', error: REASON }]);
  }, 120_000);
});
