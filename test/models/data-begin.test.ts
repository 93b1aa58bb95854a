/**
 * mart.data_begin: from which year a slice's exits are all in the data. Data that begin in
 * 06/2023 hold only the people who entered since; the exits of a 2-year measure contracted
 * before are incomplete until 06/2025 (its 2023 and 2024 exits were 80–90 % dropouts, read as
 * a collapse of dropout afterwards). Worked out by hand on a tiny data set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

describe('mart.data_begin', () => {
  let tiny: TinyDb;
  beforeAll(async () => {
    // M1: 45_MAT of J1/P1, 30 planned days, no contract dates (counts as contracted before the data)
    tiny = await tinyDb(['J1'], ['P1', 'P2'], 30);
    const measure = (id: string, provider: string, start: string, days: number | null, end: string | null = null) =>
      tiny.db.run(
        `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, contract_start, contract_end, planned_duration_days, _file_id, _row, _current)
         VALUES ($id, 'J1', $provider, '16i', $start::DATE, $end::DATE, $days, 1, $row, true)`,
        { id, provider, start, end, days, row: 10 + Number(id.slice(1)) },
      );
    await measure('M2', 'P1', '2022-01-01', 731); // before the data: complete from 01.06.2023 + 731 days
    await measure('M3', 'P2', '2024-01-01', 731); // after: complete from the data's beginning
    await measure('M4', 'P2', '2022-01-01', null); // no planned duration: no bound
    // before the data, 1,000 planned days, but the contract ended 31.12.2023: nobody of it
    // exits later, so its exits are complete from 01.01.2024 (not 01.06.2023 + 1,000 days = 26.02.2026)
    await measure('M5', 'P2', '2021-01-01', 1000, '2023-12-31');
    await tiny.participation('a', 'J1', '2023-06-05', '2023-06-12', '2023-07-01');
    await buildModels(tiny.db, { asOf: '2026-06-30' }, quietEffects());
  }, 60_000);
  afterAll(() => tiny?.close());

  it('gives each slice the first year whose exits are all in the data', async () => {
    const rows = await tiny.db.json<{ jc: string; prv: string; ins: string; covered_from: string; complete_from: string; year: number }>(
      `SELECT jobcenter_id AS jc, provider_id AS prv, instrument AS ins, CAST(covered_from AS VARCHAR) AS covered_from,
              CAST(complete_from AS VARCHAR) AS complete_from, first_complete_year AS year
       FROM mart.data_begin WHERE jobcenter_id = 'J1' ORDER BY ALL`,
    );
    const byKey = Object.fromEntries(rows.map((r) => [`${r.prv}/${r.ins}`, [r.covered_from, r.complete_from, r.year]]));
    expect(byKey['*/*']).toEqual(['2023-06-01', '2025-06-01', 2026]);
    expect(byKey['*/16i']).toEqual(['2023-06-01', '2025-06-01', 2026]);
    expect(byKey['P1/45_MAT']).toEqual(['2023-06-01', '2023-07-01', 2024]);
    expect(byKey['P2/16i']).toEqual(['2023-06-01', '2024-01-01', 2024]);
    const total = await tiny.db.json<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart.data_begin WHERE jobcenter_id = '*' AND provider_id = '*' AND instrument = '*' AND first_complete_year = 2026`);
    expect(total[0]!.n).toBe(1);
  });
});
