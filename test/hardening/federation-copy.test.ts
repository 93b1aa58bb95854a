/**
 * An import checks and reads its own copy of an export's raw files (private-copy.ts): a raw
 * file replaced in the export folder once its digest was checked changes nothing that loads.
 */
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { exportData } from '../../pipelines/federation/export.ts';
import { importExport } from '../../pipelines/federation/import.ts';
import { KEY, openStore, sampleStore, tempDir } from './helpers.ts';

/** Runs after the import's check of the raw files (verifyExport), before it reads them. */
let afterCheck: (() => void) | undefined;
vi.mock('../../pipelines/federation/verify-export.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../pipelines/federation/verify-export.ts')>();
  return {
    ...original,
    verifyExport: async (...args: Parameters<typeof original.verifyExport>) => {
      await original.verifyExport(...args);
      afterCheck?.();
    },
  };
});

describe('federation: the import reads the bytes it checked', () => {
  const tmp = tempDir('almp-federation-copy-');
  let jobcenter: Db;
  beforeAll(async () => {
    jobcenter = await sampleStore(join(tmp.dir, 'jobcenter.duckdb'));
  });
  afterAll(() => {
    jobcenter.close();
    tmp.cleanup();
  });

  it('a raw file swapped in the export folder after its digest was checked: the checked file loads, from a private copy removed after', async () => {
    const dir = join(tmp.dir, 'export');
    await exportData(jobcenter, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
    const file = join(dir, 'raw', 'participations.parquet');
    // a dropout made of a regular end: as many rows, each value one an ingest takes
    const altered = join(tmp.dir, 'participations-altered.parquet');
    await jobcenter.run(
      `COPY (SELECT * REPLACE (CASE WHEN exit_reason = '01' THEN '07' ELSE exit_reason END AS exit_reason) FROM read_parquet($file)) TO '${altered}' (FORMAT parquet)`,
      { file },
    );
    const stateFolder = join(tmp.dir, 'state');
    const state = await openStore(join(stateFolder, 'state.duckdb'));
    const copies: { name: string; mode: number }[] = [];
    afterCheck = () => {
      for (const name of readdirSync(stateFolder).filter((n) => n.startsWith('state.duckdb.import-'))) {
        copies.push({ name, mode: statSync(join(stateFolder, name)).mode & 0o777 });
      }
      cpSync(altered, file);
    };
    try {
      const loaded = await importExport(state, { dir, key: KEY }, quietEffects());
      expect(loaded.filter((r) => r.status !== 'success')).toEqual([]);
      const reasons = `SELECT exit_reason, count(*) AS n FROM raw.participations WHERE _current GROUP BY ALL ORDER BY ALL`;
      expect(await state.json(reasons)).toEqual(await jobcenter.json(reasons));
      expect(await jobcenter.scalar(`SELECT count(*) FROM raw.participations WHERE _current AND exit_reason = '01'`)).toBeGreaterThan(0);
      // the copy was the import's alone, beside the database, and is gone
      expect(copies).toEqual([{ name: expect.stringMatching(/^state\.duckdb\.import-/) as unknown as string, mode: 0o700 }]);
      expect(readdirSync(stateFolder).filter((n) => n.includes('.import-'))).toEqual([]);
    } finally {
      afterCheck = undefined;
      state.close();
    }
  });
});
