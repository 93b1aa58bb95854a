/**
 * The model runner's bookkeeping: a relation whose kind changed (table ↔ view) is replaced,
 * and every model and check of a run is logged in meta with its exact name and description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels, type ModelBuildResult } from '../../pipelines/models/build.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

describe('model runner bookkeeping', () => {
  let tiny: TinyDb;
  let result: ModelBuildResult;
  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 30);
    await tiny.participation('a', 'J1', '2024-01-02', '2024-01-10', '2024-02-10');
    // left over from an older version of the models: a view model stored as a table and back
    await tiny.db.run('CREATE TABLE core.participation_months AS SELECT 1 AS x');
    await tiny.db.run('CREATE VIEW mart.retention_curve AS SELECT 1 AS x');
    result = await buildModels(tiny.db, { asOf: '2024-06-30' }, quietEffects());
  });
  afterAll(() => tiny?.close());

  it('replaces a relation whose kind changed', async () => {
    expect(result.models.filter((m) => m.status !== 'success')).toEqual([]);
    const kinds = await tiny.db.json<{ name: string; table_type: string }>(
      `select table_schema || '.' || table_name as name, table_type from information_schema.tables
       where table_schema || '.' || table_name in ('core.participation_months', 'mart.retention_curve') order by name`,
    );
    expect(kinds).toEqual([
      { name: 'core.participation_months', table_type: 'VIEW' },
      { name: 'mart.retention_curve', table_type: 'BASE TABLE' },
    ]);
  });

  it('logs every model and check of the run', async () => {
    const models = await tiny.db.json<{ model: string; status: string; rows: string | null }>(
      'select model, status, "rows" from meta.model_runs where run_id = 1 order by model',
    );
    expect(models.map((m) => m.model)).toEqual(result.models.map((m) => m.name).sort());
    expect(models.find((m) => m.model === 'core.participations')).toEqual({ model: 'core.participations', status: 'success', rows: '1' });
    const checks = await tiny.db.json<{ check: string; severity: string; description: string }>(
      'select "check", severity, description from meta.check_results where run_id = 1 order by "check"',
    );
    const expected = discoverProject()
      .checks.map((c) => ({ check: c.name, severity: c.severity, description: c.description }))
      .sort((a, b) => a.check.localeCompare(b.check));
    expect(checks).toEqual(expected);
    expect(checks.find((c) => c.check === 'dates_ordered')!.description).toBe('referral ≤ entry ≤ exit, and no exit without an entry');
  });
});
