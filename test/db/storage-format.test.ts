/**
 * almp creates its database files in DuckDB's v1.3.0 storage format (dictionary + FSST
 * strings: the model build ~7 % faster at 10^6 participations). A file an older almp created
 * in the v1.0.0 format stays in it: the models still build there (the mart's text columns
 * with the older DICTIONARY, which v1.3.0 refuses and vice versa), and a compaction (almp
 * forget, rotate-key) keeps the format and the rows.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { doctor } from '../../pipelines/ops/doctor.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { forStorageVersion, hasDictFsst, STORAGE_VERSION, storageVersionOf } from '../../pipelines/db/storage-format.ts';
import type { Db } from '../../pipelines/db/database.ts';
import { tinyDb, type TinyDb } from '../models/tiny-db.ts';

/** The compressions of the mart's text columns after a checkpoint (DuckDB writes segments there). */
async function textCompressions(db: Db): Promise<string[]> {
  await db.checkpoint();
  const rows = await db.json<{ compression: string }>(
    `SELECT DISTINCT compression FROM pragma_storage_info('mart.indicator_values')
     WHERE column_name IN ('indicator', 'period', 'measure_id', 'breakdown') AND segment_type = 'VARCHAR' ORDER BY ALL`,
  );
  return rows.map((r) => r.compression);
}

async function buildOn(tiny: TinyDb): Promise<string[]> {
  await tiny.participation('a', 'J1', '2024-01-02', '2024-01-10', '2024-02-10');
  await tiny.participation('b', 'J1', '2024-01-05', '2024-01-12', null);
  const result = await buildModels(tiny.db, { asOf: '2024-06-30' }, quietEffects());
  return result.models.filter((m) => m.status !== 'success').map((m) => `${m.name}: ${m.error}`);
}

describe('storage format of the database file', () => {
  it('names the versions that have DICT_FSST and rewrites a model only for the older ones', () => {
    expect([hasDictFsst('v1.0.0'), hasDictFsst('v0.10.2'), hasDictFsst('v1.2.0'), hasDictFsst('v1.3.0'), hasDictFsst('v1.5.0'), hasDictFsst('v2.0.0')]).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    const sql = 'CREATE TABLE t (a VARCHAR USING COMPRESSION dict_fsst, b VARCHAR)';
    expect(forStorageVersion(sql, 'v1.3.0')).toBe(sql);
    expect(forStorageVersion(sql, 'v1.0.0')).toBe('CREATE TABLE t (a VARCHAR USING COMPRESSION dictionary, b VARCHAR)');
  });

  describe('a file almp creates', () => {
    let tiny: TinyDb;
    let failed: string[];
    beforeAll(async () => {
      tiny = await tinyDb(['J1'], ['P1'], 30);
      failed = await buildOn(tiny);
    });
    afterAll(() => tiny?.close());

    it(`is in ${STORAGE_VERSION}, and the mart's text columns are stored as DICT_FSST`, async () => {
      expect(failed).toEqual([]);
      expect(await storageVersionOf(tiny.db)).toBe(STORAGE_VERSION);
      expect(await textCompressions(tiny.db)).toEqual(['DICT_FSST']);
    });
  });

  describe('a file in the v1.0.0 format', () => {
    let tiny: TinyDb;
    let failed: string[];
    beforeAll(async () => {
      tiny = await tinyDb(['J1'], ['P1'], 30, 'v1.0.0');
      failed = await buildOn(tiny);
    });
    afterAll(() => tiny?.close());

    it('keeps its format, and the models build with DICTIONARY for the text columns', async () => {
      expect(failed).toEqual([]);
      expect(await storageVersionOf(tiny.db)).toBe('v1.0.0');
      expect(await textCompressions(tiny.db)).toEqual(['Dictionary']);
    });

    it('is named by almp doctor as kept from an earlier version', async () => {
      const findings = await doctor(loadConfig({ db: tiny.db.path }, {}), { snapshotDir: join(tiny.db.path, '..', 'snapshots') }, quietEffects());
      expect(findings.find((f) => f.check === 'database')?.message).toContain(
        `storage format v1.0.0, as an earlier almp created it (kept; a database created now uses ${STORAGE_VERSION}`,
      );
    });

    it('keeps its format and its rows through a compaction', async () => {
      const before = await tiny.db.json('SELECT * FROM mart.indicator_values ORDER BY ALL');
      expect(before.length).toBeGreaterThan(0);
      await tiny.db.compact();
      expect(await storageVersionOf(tiny.db)).toBe('v1.0.0');
      expect(await tiny.db.json('SELECT * FROM mart.indicator_values ORDER BY ALL')).toEqual(before);
    });
  });
});
