/**
 * A measure with 0 contracted places that has people in it: its participant-days are a count
 * that exists, only its occupancy (days ÷ 0 place-days) does not. The state return showed „–“
 * for the days too: they came from the occupancy row of mart.indicator_values, which had no
 * row for a rate over 0. Built on a tiny database: M0 (0 places, 6 people for Q1 2025) and
 * M2 (0 places, 2 people in January 2025: few enough that the mart flags the row for its units);
 * M3 (10 places, 5 people in January) is the smallest days' cell, their column's complement.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { STATE_ANNUAL } from '../../reports/layouts/state-annual.ts';
import { assembleWorkbook } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { MartReader } from '../../reports/model/mart-reader.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { type TinyDb, tinyDb } from '../models/tiny-db.ts';

let tiny: TinyDb | undefined;
afterAll(() => tiny?.close());

const CTX: ReturnContext = { periodType: 'year', period: '2025', year: '2025', asOf: '2026-03-31', jobcenterId: null, threshold: 5 };

describe('participant-days of a measure with 0 places', () => {
  it('are shown on the state return (occupancy stays –), and hidden like other days of 1–4 people', async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    const { db } = tiny;
    // measure, people, their exit: in from 1 January 2025
    const people: [string, number, string, number][] = [['M0', 6, '2025-03-31', 0], ['M2', 2, '2025-01-31', 0], ['M3', 5, '2025-01-31', 10]];
    let row = 0;
    for (const [i, [measure, n, exit, places]] of people.entries()) {
      await db.run(
        `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, funding, contract_start, contract_end, places, planned_duration_days, _file_id, _row, _current)
         VALUES ($measure, 'J1', 'P1', '45_MAT', 'state', DATE '2025-01-01', DATE '2025-12-31', $places, 90, 1, $row, true)`,
        { measure, places, row: i + 2 },
      );
      // M0's people 90 participant-days each, the others' 31
      for (let p = 0; p < n; p++) {
        await db.run(
          `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, exit_reason, _file_id, _row, _current)
           VALUES ($pid, 'J1', $measure, DATE '2024-12-15', DATE '2025-01-01', $exit::DATE, '01', 2, $row, true)`,
          { pid: pid(`${measure}-${p}`), measure, exit, row: ++row },
        );
      }
    }
    await buildModels(db, { asOf: CTX.asOf }, quietEffects());
    const model = await assembleWorkbook(new MartReader(db), STATE_ANNUAL, CTX);
    const sheet = model.sheets.find((s) => s.layout.name === 'Berichte und Verbleib')!;
    const cell = (measure: string, column: string) => {
      const r = sheet.rows.findIndex((x) => x['row_key'] === measure);
      const f = sheet.cells[r]![sheet.columns.findIndex((c) => c.key === column)]!;
      return { value: f.value, hidden: f.hidden };
    };
    expect(cell('M0', 'occupancy_num')).toEqual({ value: 540, hidden: undefined });
    expect(cell('M0', 'occupancy_den')).toEqual({ value: 0, hidden: undefined });
    expect(cell('M0', 'occupancy_rate').value).toBeNull();
    // 62 days of two people: the mart flags the row for its units, so the days are hidden
    expect(cell('M2', 'occupancy_num')).toEqual({ value: 62, hidden: 'primary' });
    expect(cell('M3', 'occupancy_num')).toEqual({ value: 155, hidden: 'complement' });
  });

  it('count in the wider slices against 0 place-days (docs/readings.md), so the days of a slice are the sum of its measures', async () => {
    const { db } = tiny!;
    const r = await db.all<{ numerator: number; denominator: number; value: number }>(
      `SELECT numerator, denominator, value FROM mart.indicator_values
       WHERE indicator = 'occupancy_rate' AND period = '2025-01' AND breakdown = '*'
         AND jobcenter_id = 'J1' AND provider_id = '*' AND instrument = '*' AND measure_id = '*'`,
    );
    // January: M0 6 × 31 + M2 2 × 31 + M3 5 × 31 participant-days; place-days only M3's 10 × 31
    expect(r).toEqual([{ numerator: 403, denominator: 310, value: 403 / 310 }]);
  });
});
