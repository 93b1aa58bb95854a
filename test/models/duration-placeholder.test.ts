/**
 * A measure's planned duration of 999999999 days (a placeholder for "open") loaded before
 * ingest bounded it to 3,653 failed every build of such a database ("Date and time not in
 * timestamp range" adding it to a date), and loading the file again changed nothing (a
 * review): staging reads a duration over 3,653 days as unknown, as an empty one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../../pipelines/models/build.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

describe('a placeholder duration loaded by an earlier version', () => {
  let tiny: TinyDb;
  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    // the contract began before the Jobcenter's data do
    await tiny.db.run("UPDATE raw.measures SET contract_start = DATE '2020-01-01', contract_end = DATE '2026-12-31', places = 10, planned_duration_days = 999999999");
    await tiny.participation('a', 'J1', '2025-01-02', '2025-01-06', null);
  }, 60_000);
  afterAll(() => tiny?.close());

  it('builds, with the planned end unknown', async () => {
    const result = await buildModels(tiny.db, { asOf: '2025-06-30' }, quietEffects());
    expect(result.models.filter((m) => m.status === 'error')).toEqual([]);
    expect(await tiny.db.json('SELECT planned_duration_days FROM staging.measures')).toEqual([{ planned_duration_days: null }]);
  });
});
