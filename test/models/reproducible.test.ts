/**
 * The same data built again gives the same figures to the last bit: sums of DOUBLE expected
 * dropouts and costs came out in whatever order the threads added them (8 against
 * 7.999999999999999 in dropout_expected, 15273569.92 against 15273569.920000002 in a cost
 * numerator), so two builds of one database, or a state and the union of its Jobcenters,
 * differed in a few rows.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { AS_OF, sampleStore, tempDir } from '../hardening/helpers.ts';

const MARTS = ['mart.indicator_values', 'mart.dropout_funnel'];

describe('a rebuild of the same data', () => {
  const tmp = tempDir('almp-reproducible-');
  let db: Db;
  beforeAll(async () => {
    db = await sampleStore(join(tmp.dir, 'almp.duckdb'));
    await db.run('SET threads = 4'); // several threads add partial sums in varying order
    await buildModels(db, { asOf: AS_OF }, quietEffects());
    for (const mart of MARTS) await db.run(`CREATE TABLE main.first_${mart.split('.')[1]} AS SELECT * FROM ${mart}`);
  }, 180_000);
  afterAll(() => {
    db?.close();
    tmp.cleanup();
  });

  it.each([1, 2, 3])('gives bit-identical marts (rebuild %i)', async () => {
    await buildModels(db, { asOf: AS_OF }, quietEffects());
    for (const mart of MARTS) {
      const first = `main.first_${mart.split('.')[1]}`;
      const differing = await db.scalar(`SELECT count(*) FROM ((SELECT * FROM ${mart} EXCEPT ALL SELECT * FROM ${first}) UNION ALL (SELECT * FROM ${first} EXCEPT ALL SELECT * FROM ${mart}))`);
      expect(differing, mart).toBe(0);
    }
  });
});
