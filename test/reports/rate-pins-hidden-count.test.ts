/**
 * A rate shown on its own (no numerator or denominator column next to it) must not give back
 * a count hidden elsewhere in the workbook. Found on the sample quarterly workbook 2023-Q4 of
 * Jobcenter 06412: the exits of 06412-0001 in Q4 were hidden as a complement (6), but its
 * completion rate 83.3 % (5 of 6) and its on-time report rate were shown; with the column
 * total 46 and the exits 16 and 22 of the other measures, a reader got 6 for the hidden cell
 * and then exactly 1 exit each for the STATE and the ESF measure.
 */
import { describe, expect, it } from 'vitest';
import { QUARTERLY_CONTROLLING } from '../../reports/layouts/quarterly.ts';
import { assembleWorkbook, type SheetModel } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { fakeReader } from './helpers/fake-reader.ts';

const CTX: ReturnContext = { periodType: 'quarter', period: '2023-Q4', year: '2023', quarter: 4, jobcenterId: '06412', asOf: '2026-09-30', threshold: 5 };

// Q4 2023 of the sample Jobcenter 06412: [exits, dropouts, completions, reports on time]
const Q4: Record<string, [number, number, number, number]> = {
  '06412-0001': [6, 1, 5, 5],
  '06412-0002': [16, 3, 9, 12],
  '06412-0003': [22, 5, 13, 10],
  '06412-0010': [1, 1, 0, 1],
  '06412-0011': [1, 1, 0, 0],
};
const small = (n: number): boolean => n > 0 && n < 5;

const READER = fakeReader(
  (id) => (id === 'jobcenter_measures' ? Object.keys(Q4).map((m) => ({ row_key: m, measure_id: m, instrument: 'X', provider_id: 'P', jobcenter_id: '06412' })) : []),
  (set) => {
    for (const [m, [exits, dropouts, completions, onTime]] of Object.entries(Q4)) {
      const rate = (indicator: string, num: number): void => {
        set(m, { indicator, quarter: 4 }, num / exits, small(num) || small(exits));
        set(m, { indicator, field: 'numerator', quarter: 4 }, num, small(num) || small(exits));
        set(m, { indicator, field: 'denominator', quarter: 4 }, exits, small(num) || small(exits));
      };
      rate('dropout_rate', dropouts);
      rate('completion_rate', completions);
      rate('report_on_time_rate', onTime);
    }
  },
);

function cell(sheet: SheetModel, measure: string, column: string) {
  const r = sheet.rows.findIndex((row) => row['row_key'] === measure);
  return sheet.cells[r]![sheet.columns.findIndex((c) => c.key === column)];
}

describe('rates shown without their counts', () => {
  it('are hidden with the exits they are a share of, so no hidden exit count can be worked back', async () => {
    const model = await assembleWorkbook(READER, QUARTERLY_CONTROLLING, CTX);
    const exits = model.sheets.find((s) => s.layout.name === 'Austritte')!;
    const after = model.sheets.find((s) => s.layout.name === 'Nachbetreuung')!;
    // the case of the samples: the exits of 06412-0001 are a hidden complement
    expect(cell(exits, '06412-0001', 'exits_q4')?.hidden).toBe('complement');
    for (const measure of Object.keys(Q4)) {
      if (!cell(exits, measure, 'exits_q4')?.hidden) continue;
      expect(cell(exits, measure, 'completion_rate_q4')?.hidden, `completion rate of ${measure}`).toBeDefined();
      expect(cell(after, measure, 'on_time_q4')?.hidden, `on-time rate of ${measure}`).toBeDefined();
    }
  });

  // The rates of „Nachbetreuung“ carry their denominators beside them (exits whose window is
  // over): in a closed quarter the exits themselves, so the hidden 6 of 06412-0001 stood there.
  it('show each rate with its denominator, hidden with the exits it is among', async () => {
    const model = await assembleWorkbook(READER, QUARTERLY_CONTROLLING, CTX);
    const exits = model.sheets.find((s) => s.layout.name === 'Austritte')!;
    const after = model.sheets.find((s) => s.layout.name === 'Nachbetreuung')!;
    expect(cell(after, '06412-0001', 'on_time_base_q4')?.hidden).toBeDefined();
    for (const [measure, [count]] of Object.entries(Q4)) {
      const base = cell(after, measure, 'on_time_base_q4')!;
      expect(base.value, `denominator of ${measure}`).toBe(count);
      if (cell(exits, measure, 'exits_q4')?.hidden) expect(base.hidden, `denominator of ${measure}`).toBeDefined();
      if (!cell(after, measure, 'on_time_q4')?.hidden) expect(base.hidden, `denominator of ${measure}, its rate shown`).toBeUndefined();
    }
    // shown where the exits are (16 and 22), so the rate reads as a share of a number
    expect(cell(after, '06412-0002', 'on_time_base_q4')?.hidden).toBeUndefined();
    expect(cell(after, '06412-0003', 'on_time_base_q4')?.hidden).toBeUndefined();
  });

  // Six months after exit not yet over for any exit of the quarter: the denominator is 0,
  // whatever the exits; beside hidden exits it gives nothing back and stays shown (zeros are).
  it('show a denominator of 0 beside hidden exits', async () => {
    const model = await assembleWorkbook(
      fakeReader(
        (id) => (id === 'jobcenter_measures' ? ['06412-0001', '06412-0002', '06412-0003'].map((m) => ({ row_key: m, measure_id: m, instrument: 'X', provider_id: 'P', jobcenter_id: '06412' })) : []),
        (set) => {
          for (const [m, exits, passed] of [['06412-0001', 2, 0], ['06412-0002', 3, 3], ['06412-0003', 30, 0]] as const) {
            set(m, { indicator: 'dropout_rate', field: 'denominator', quarter: 4 }, exits, small(exits));
            set(m, { indicator: 'integration_rate_6m', field: 'denominator', quarter: 4 }, passed, small(passed));
          }
        },
      ),
      QUARTERLY_CONTROLLING,
      CTX,
    );
    const exits = model.sheets.find((s) => s.layout.name === 'Austritte')!;
    const after = model.sheets.find((s) => s.layout.name === 'Nachbetreuung')!;
    expect(['06412-0001', '06412-0002'].map((m) => cell(exits, m, 'exits_q4')?.hidden)).toEqual(['primary', 'primary']);
    const base = (m: string) => cell(after, m, 'integration_base_q4')!;
    expect([base('06412-0001').value, base('06412-0001').hidden]).toEqual([0, undefined]);
    expect(base('06412-0002').hidden).toBeDefined();
    expect([base('06412-0003').value, base('06412-0003').hidden]).toEqual([0, undefined]);
  });

  // Completions (rate × exits) and dropouts are among the exits. At 10^6 participations
  // (06411, Q4 2025) 06411-0009 showed 10 exits and 90,0 % completions beside hidden
  // dropouts: at most 10 − 9 = 1, and a hidden count is at least 1. Here 06412-0002: 16
  // exits, 9 completions, 3 dropouts hidden.
  it('the completion rate is hidden with the dropouts it bounds', async () => {
    const model = await assembleWorkbook(READER, QUARTERLY_CONTROLLING, CTX);
    const exits = model.sheets.find((s) => s.layout.name === 'Austritte')!;
    expect(cell(exits, '06412-0002', 'exits_q4')?.hidden).toBeUndefined();
    expect(cell(exits, '06412-0002', 'dropouts_q4')?.hidden).toBe('primary');
    for (const measure of Object.keys(Q4)) {
      if (!cell(exits, measure, 'dropouts_q4')?.hidden) continue;
      expect(cell(exits, measure, 'completion_rate_q4')?.hidden, `completion rate of ${measure}`).toBeDefined();
    }
  });
});
