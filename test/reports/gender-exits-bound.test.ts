/**
 * Each gender's exits bound its completions, positive early exits and dropouts (transfers are
 * not shown): exits ≥ the three. The state return declared that bound only for the measure's
 * totals on „Kennzahlen“, not per gender on „Nach Geschlecht“. Found at 10^5 participations
 * (2025 state return, measure 14411-0303): men 11 exits, 9 completions, positive early exits
 * and dropouts hidden, women 0 in both — so each hidden cell was 11 − 9 = 2 shared by two
 * cells of at least 1: 1 each. Here the same shape: M1's totals (17 exits, 14 completions, 1
 * and 1 hidden) leave the two hidden cells 1..2 each, the men's row (11, 9, hidden, hidden)
 * pins them.
 */
import { describe, expect, it } from 'vitest';
import { GENDERS } from '../../reports/layouts/common.ts';
import { STATE_ANNUAL } from '../../reports/layouts/state-annual.ts';
import { assembleWorkbook, type SheetModel } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { fakeReader } from './helpers/fake-reader.ts';

const CTX: ReturnContext = { periodType: 'year', period: '2025', year: '2025', asOf: '2026-09-30', jobcenterId: null, threshold: 5 };

type Counts = { exits: number; completions: number; positive_early_exits: number; dropouts: number };
// per measure and gender (f, m; d and unknown have none)
const MEASURES: Record<string, { f: Counts; m: Counts }> = {
  M1: { m: { exits: 11, completions: 9, positive_early_exits: 1, dropouts: 1 }, f: { exits: 6, completions: 5, positive_early_exits: 0, dropouts: 0 } },
  M2: { m: { exits: 20, completions: 15, positive_early_exits: 0, dropouts: 0 }, f: { exits: 30, completions: 20, positive_early_exits: 2, dropouts: 3 } },
  M3: { m: { exits: 40, completions: 30, positive_early_exits: 2, dropouts: 2 }, f: { exits: 33, completions: 20, positive_early_exits: 3, dropouts: 4 } },
};
const FIGURES = ['exits', 'completions', 'positive_early_exits', 'dropouts'] as const;
const small = (n: number): boolean => n > 0 && n < 5;
const total = (m: string, f: keyof Counts): number => MEASURES[m]!.f[f] + MEASURES[m]!.m[f];

const READER = fakeReader(
  () =>
    Object.entries(MEASURES).map(([m, g]) => {
      const row: Record<string, unknown> = { row_key: m, jobcenter_id: '14411', measure_id: m, instrument: 'X', provider_id: 'P' };
      for (const [code] of GENDERS) {
        const counts = code === 'f' || code === 'm' ? g[code] : undefined;
        row[`${code}_entries`] = counts ? counts.exits : 0;
        for (const f of FIGURES) row[`${code}_${f}`] = counts ? counts[f] : 0;
      }
      return row;
    }),
  (set) => {
    for (const m of Object.keys(MEASURES)) {
      const exits = total(m, 'exits');
      set(m, { indicator: 'entries' }, exits, small(exits));
      for (const [indicator, f] of [['completion_rate', 'completions'], ['positive_early_exit_rate', 'positive_early_exits'], ['dropout_rate', 'dropouts']] as const) {
        const num = total(m, f);
        set(m, { indicator }, num / exits, small(num));
        set(m, { indicator, field: 'numerator' }, num, small(num));
        set(m, { indicator, field: 'denominator' }, exits, small(exits));
      }
      // every dropout of one reason and one phase: those sheets' lines add nothing here
      const dropouts = total(m, 'dropouts');
      set(m, { indicator: 'dropout_reason_share', breakdown: 'other', field: 'numerator' }, dropouts, small(dropouts));
      set(m, { indicator: 'dropout_phase_share', breakdown: 'unknown', field: 'numerator' }, dropouts, small(dropouts));
    }
  },
);

function cell(sheet: SheetModel, measure: string, column: string) {
  const r = sheet.rows.findIndex((row) => row['row_key'] === measure);
  return sheet.cells[r]![sheet.columns.findIndex((c) => c.key === column)]!;
}

describe('state return by gender', () => {
  it('hides enough that a gender’s exits minus its visible outcomes never give back a hidden one', async () => {
    const model = await assembleWorkbook(READER, STATE_ANNUAL, CTX);
    const sheet = model.sheets.find((s) => s.layout.name === 'Nach Geschlecht')!;
    // the case: the men's positive early exit and dropout of M1 are hidden small counts
    expect(cell(sheet, 'M1', 'm_positive_early_exits').hidden).toBe('primary');
    expect(cell(sheet, 'M1', 'm_dropouts').hidden).toBe('primary');
    for (const m of Object.keys(MEASURES)) {
      for (const [g] of GENDERS) {
        const exits = cell(sheet, m, `${g}_exits`);
        const outcomes = ['completions', 'positive_early_exits', 'dropouts'].map((f) => cell(sheet, m, `${g}_${f}`));
        const hidden = outcomes.filter((c) => c.hidden).length;
        if (!hidden || exits.hidden) continue;
        // what the hidden outcomes can add up to at most; each is at least 1
        const room = exits.value! - outcomes.filter((c) => !c.hidden).reduce((a, c) => a + c.value!, 0);
        expect(room, `${m} ${g}: ${hidden} hidden outcomes within ${room}`).toBeGreaterThan(hidden);
      }
    }
  });
});
