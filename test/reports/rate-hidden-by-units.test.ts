/**
 * A rate the mart hides for a count that is neither its numerator nor its denominator (its
 * units: an occupancy rate of 1–4 participations active in the measure, however many days
 * they sum) must not stand hidden beside both its counts. Found at 10^4 participations in the
 * 2025 state return, „Berichte und Verbleib“: 06412-0215 showed 32 participant-days of 1,440
 * place-days and its occupancy as „.“ — 32 ÷ 1,440 gave it back.
 */
import { describe, expect, it } from 'vitest';
import { STATE_ANNUAL } from '../../reports/layouts/state-annual.ts';
import { assembleWorkbook } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { column, fakeReader } from './helpers/fake-reader.ts';

const CTX: ReturnContext = { periodType: 'year', period: '2025', year: '2025', asOf: '2026-09-30', jobcenterId: null, threshold: 5 };

// per measure: participant-days, place-days, participations active (the rate's units)
const OCCUPANCY: Record<string, [number, number, number]> = {
  '06412-0215': [32, 1440, 2],
  '06412-0216': [900, 1440, 12],
  '06412-0217': [1300, 1800, 20],
};

const READER = fakeReader(
  () => Object.keys(OCCUPANCY).map((m) => ({ row_key: m, measure_id: m, instrument: 'STATE', provider_id: 'P', jobcenter_id: '06412' })),
  (set) => {
    for (const [m, [days, places, units]] of Object.entries(OCCUPANCY)) {
      // the mart's rule for occupancy: numerator, denominator or units of 1..4
      const suppressed = units > 0 && units < 5;
      set(m, { indicator: 'occupancy_rate' }, days / places, suppressed);
      set(m, { indicator: 'occupancy_rate', field: 'numerator' }, days, suppressed);
      set(m, { indicator: 'occupancy_rate', field: 'denominator' }, places, suppressed);
    }
  },
);

describe('a rate hidden by its units', () => {
  it('hides its numerator too, and the column total stays safe', async () => {
    const model = await assembleWorkbook(READER, STATE_ANNUAL, CTX);
    const sheet = model.sheets.find((s) => s.layout.name === 'Berichte und Verbleib')!;
    const [num, den, rate] = ['occupancy_num', 'occupancy_den', 'occupancy_rate'].map((k) => column(sheet, k));
    const r = sheet.rows.findIndex((row) => row['row_key'] === '06412-0215');
    expect(rate![r]!.hidden).toBe('primary');
    expect(num![r]!.hidden).toBeDefined();
    // nowhere a hidden rate beside both of its counts
    for (let i = 0; i < sheet.rows.length; i++) {
      if (rate![i]!.hidden) expect(Boolean(num![i]!.hidden || den![i]!.hidden), sheet.rows[i]!['row_key'] as string).toBe(true);
    }
    // the total of participant-days is not the hidden one plus shown ones
    const t = sheet.rows.length;
    const hiddenInColumn = num!.slice(0, t).filter((f) => f?.hidden).length;
    expect(num![t]!.hidden !== undefined || hiddenInColumn >= 2).toBe(true);
  });
});
