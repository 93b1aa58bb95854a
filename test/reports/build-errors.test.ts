import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { writeReturns } from '../../reports/build.ts';
import { writeDashboards } from '../../dashboards/build.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { fixture, KEY } from '../ingest/helpers.ts';

describe('writeReturns without built marts', () => {
  it('returns an error result that says what to do, instead of throwing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-returns-empty-'));
    const db = await Db.open(join(dir, 'almp.duckdb'));
    try {
      await bootstrap(db);
      const effects = quietEffects();
      const results = await writeReturns(db, { outDir: join(dir, 'out') }, effects);
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ name: 'returns', status: 'error' });
      expect(effects.warnings.join('\n')).toMatch(/Returns not written: The marts are not built .*almp run/);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('outputs from a database without any data', () => {
  it('skip dashboards and returns with a message naming the next step, and write no files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-returns-nodata-'));
    const db = await Db.open(join(dir, 'almp.duckdb'));
    try {
      await bootstrap(db);
      const effects = quietEffects();
      const built = await buildModels(db, {}, effects);
      expect(built.models.every((m) => m.status === 'success')).toBe(true);
      const results = [
        ...(await writeDashboards(db, { outDir: join(dir, 'out') }, effects)),
        ...(await writeReturns(db, { outDir: join(dir, 'out') }, effects)),
      ];
      expect(results).toMatchObject([
        { name: 'dashboards', status: 'skipped' },
        { name: 'returns', status: 'skipped' },
      ]);
      expect(effects.warnings.join('\n')).toMatch(/Dashboards not written: .*almp ingest/);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never get there with an as-of date before the data: the build refuses it, naming the first referral date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-returns-early-'));
    const db = await Db.open(join(dir, 'almp.duckdb'));
    try {
      await bootstrap(db);
      const effects = quietEffects();
      await ingestPaths(db, { paths: [fixture('participations_fehlerhaft.csv')], kind: 'participations', key: KEY }, effects);
      // it used to build empty marts, which the returns then skipped ("choose a later --as-of")
      await expect(buildModels(db, { asOf: '2020-01-01' }, effects)).rejects.toThrow(/^--as-of 01\.01\.2020 is before the first referral in the data \(\d\d\.\d\d\.2024\)/);
      const results = await writeReturns(db, { outDir: join(dir, 'out') }, effects);
      // nothing was built: the returns say so and what to run
      expect(results).toMatchObject([{ name: 'returns', status: 'error', error: expect.stringMatching(/^The marts are not built .*run `almp run`/) }]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
