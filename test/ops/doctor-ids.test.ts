/**
 * `almp doctor` names records whose ids an ingest refuses since 2026-12-05 (formula-like, a
 * Kundennummer with a separator or inside an id) but that were loaded before: a state refuses the export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { doctor } from '../../pipelines/ops/doctor.ts';

describe('almp doctor on ids loaded before they were refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-doctor-ids-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ db: join(dir, 'almp.duckdb') }, {});
  const ids = async () => (await doctor(config, { snapshotDir: join(dir, 'snapshots') }, quietEffects())).filter((f) => f.check === 'ids');

  it('says nothing while every id is one an ingest takes, and names the columns of those it refuses now', async () => {
    const db = await Db.open(config.dbPath);
    await bootstrap(db);
    await db.run(`INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, _file_id, _row, _current) VALUES ('06411-0001', '06411', '001001', '45_MAT', 1, 1, true)`);
    db.close();
    expect(await ids()).toEqual([]);
    const again = await Db.open(config.dbPath);
    await again.run(
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, _file_id, _row, _current) VALUES
         ('=2+3', '06411', '001001', '45_MAT', 1, 2, true), ('06411-0002', '06411', '123A 456789', '45_MAT', 1, 3, true), ('@x', '06411', '001001', '45_MAT', 1, 4, false),
         ('06411-248G658486', '06411', '001001', '45_MAT', 1, 5, true)`,
    );
    again.close();
    const [finding] = await ids();
    expect(finding).toMatchObject({ severity: 'warning' });
    // a Kundennummer inside an id is refused since 2026-12-06 (a privacy audit)
    expect(finding!.message).toContain('(measures.measure_id: 2; measures.provider_id: 1)');
    expect(finding!.message).toContain("a state instance refuses this database's export");
  });
});
