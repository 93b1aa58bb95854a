import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { writeReturns } from '../../reports/build.ts';

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
