/**
 * A zero hidden with its rate that the return's own zeros give back is shown as 0. Found by
 * an integer-program review of the 2025 state return of 8,000 generated participations:
 * 06411-0103 „Ziele erreicht“ stood as „.“ (its rate rests on the goals of 1–4 people, so the
 * numerator is hidden with it), while its per-goal counts, all 0, add up to it — a „.“ that
 * protected nothing, against the cover's „Nullen werden nicht unterdrückt“.
 */
import { describe, expect, it } from 'vitest';
import { GOALS } from '../../reports/layouts/common.ts';
import { STATE_ANNUAL } from '../../reports/layouts/state-annual.ts';
import { assembleWorkbook } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { column, fakeReader } from './helpers/fake-reader.ts';

const CTX: ReturnContext = { periodType: 'year', period: '2025', year: '2025', asOf: '2026-09-30', jobcenterId: null, threshold: 5 };

// per measure: goals achieved per goal code (the first codes), goals agreed, people with goals (the rate's units)
const GOALS_OF: Record<string, [number[], number, number]> = {
  '06411-0103': [[0, 0, 0], 6, 2],
  '06411-0104': [[7, 5, 9], 40, 20],
  '06411-0105': [[6, 8, 5], 35, 18],
};

const READER = fakeReader(
  () => Object.keys(GOALS_OF).map((m) => ({ row_key: m, measure_id: m, instrument: 'STATE', provider_id: 'P', jobcenter_id: '06411' })),
  (set) => {
    for (const [m, [achieved, agreed, units]] of Object.entries(GOALS_OF)) {
      const suppressed = units > 0 && units < 5; // the mart's rule for the goals' units
      const total = achieved.reduce((a, b) => a + b, 0);
      const indicator = 'goal_achievement_rate';
      set(m, { indicator }, total / agreed, suppressed);
      set(m, { indicator, field: 'numerator' }, total, suppressed);
      set(m, { indicator, field: 'denominator' }, agreed, suppressed);
      GOALS.forEach(([code], i) => set(m, { indicator, breakdown: code, field: 'numerator' }, achieved[i] ?? 0, suppressed));
    }
  },
);

describe('a zero hidden with its rate', () => {
  it('is shown where the shown zeros of its line give it back; the rate stays hidden', async () => {
    const model = await assembleWorkbook(READER, STATE_ANNUAL, CTX);
    const sheet = model.sheets.find((s) => s.layout.name === 'Zwischenziele')!;
    const r = sheet.rows.findIndex((row) => row['row_key'] === '06411-0103');
    const [num, rate] = ['goals_num', 'goals_rate'].map((k) => column(sheet, k)[r]);
    const goals = GOALS.map(([code]) => column(sheet, `goal_${code}`)[r]);
    expect(goals.every((g) => g?.value === 0 && !g.hidden)).toBe(true);
    expect(num?.value).toBe(0);
    expect(num?.hidden).toBeUndefined();
    expect(rate?.hidden).toBe('primary');
  });
});
