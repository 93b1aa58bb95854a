/**
 * A build that runs out of DuckDB's memory limit says what to set in almp's terms: DuckDB's
 * own advice ("SET memory_limit='...GB'") is no setting of almp. At 10^7 participations the
 * default limit ran out in mart.indicator_values; here a tiny database runs out of a tiny
 * limit, somewhere between 16 MB and 4 MB.
 */
import { describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { tinyDb } from './tiny-db.ts';

describe('a model build out of memory', () => {
  it('is rolled back and names ALMP_MEMORY_LIMIT and the limit it ran out of', async () => {
    const tiny = await tinyDb(['J1'], ['P1'], 100);
    for (let i = 0; i < 5; i++) await tiny.participation(`p${i}`, 'J1', '2025-01-01', '2025-01-10', i < 2 ? '2025-02-01' : null);
    expect((await buildModels(tiny.db, {}, quietEffects())).models.every((m) => m.status === 'success')).toBe(true);
    const built = await tiny.db.scalar('select count(*) from mart.indicator_values');
    const path = tiny.db.path;
    tiny.db.close();
    let outOfMemory = 0;
    try {
      for (const mb of [16, 12, 10, 8, 7, 6, 5]) {
        const db = await Db.open(path, { memoryLimit: `${mb}MB` });
        try {
          const warnings: string[] = [];
          const result = await buildModels(db, {}, { ...quietEffects(), warn: (m: string) => void warnings.push(m) });
          const failed = result.models.find((m) => m.status === 'error');
          if (!failed || !/Out of Memory/.test(failed.error ?? '')) continue;
          outOfMemory++;
          expect(warnings.join('\n')).toContain('The build was rolled back');
          expect(warnings.at(-1)).toMatch(/^The build ran out of the memory DuckDB may use \([\d.]+ MiB;.*Give it more with ALMP_MEMORY_LIMIT/);
          expect(await db.scalar('select count(*) from mart.indicator_values')).toBe(built);
        } finally {
          db.close();
        }
      }
    } finally {
      tiny.close();
    }
    expect(outOfMemory).toBeGreaterThan(0);
  });
});
