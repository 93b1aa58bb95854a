/** `almp dashboards` on a database whose models were never built says what to do, not DuckDB's catalog error. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { writeDashboards } from '../../dashboards/build.ts';

it('names almp run as the next step before the first build', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-no-marts-'));
  const db = await Db.open(join(dir, 'almp.duckdb'));
  try {
    await bootstrap(db);
    const [result] = await writeDashboards(db, { outDir: join(dir, 'out'), formats: ['html'] }, quietEffects());
    expect(result).toMatchObject({ name: 'dashboards', status: 'error' });
    expect(result!.error).toBe('the models have not been built in this database yet — run almp run first (it builds them, then writes dashboards and returns)');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
