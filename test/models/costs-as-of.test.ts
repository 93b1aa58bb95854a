/**
 * Costs count the measures contracted by as-of: a contract starting after it (records dated
 * after as-of are ignored, contracts.md) put its whole cost over the year's entries so far —
 * as of 31.03.2025, 60,000 € over 4 entries (15,000) where the measures of the day cost
 * 10,000 € (2,500 per participation), and a rebuild as of an earlier day did not give the
 * figure known then (a calendar audit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../../pipelines/models/build.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

describe('cost per participation as of a day', () => {
  let tiny: TinyDb;
  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    await tiny.db.run("UPDATE raw.measures SET contract_start = DATE '2025-01-01', contract_end = DATE '2025-12-31', cost_total_eur = 10000");
    await tiny.db.run(
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, contract_start, contract_end, cost_total_eur, _file_id, _row, _current)
       VALUES ('M2', 'J1', 'P1', '45_MAT', 90, DATE '2025-05-01', DATE '2025-12-31', 50000, 1, 2, true)`,
    );
    for (const person of ['a', 'b', 'c', 'd']) await tiny.participation(person, 'J1', '2025-01-02', '2025-01-06', null);
  }, 60_000);
  afterAll(() => tiny?.close());

  const cost = async (asOf: string) => {
    await buildModels(tiny.db, { asOf }, quietEffects());
    return tiny.db.json(
      `SELECT numerator, denominator, value FROM mart.indicator_values WHERE indicator = 'cost_per_participant' AND period_type = 'year'
         AND jobcenter_id = '*' AND provider_id = '*' AND instrument = '*' AND measure_id = '*' AND breakdown = '*'`,
    );
  };

  it('leaves out a contract starting after as-of, and counts it from its start', async () => {
    expect(await cost('2025-03-31')).toEqual([{ numerator: 10000, denominator: 4, value: 2500 }]);
    // once contracted, its cost counts though nobody entered it yet (it is paid)
    expect(await cost('2025-06-30')).toEqual([{ numerator: 60000, denominator: 4, value: 15000 }]);
  });
});
