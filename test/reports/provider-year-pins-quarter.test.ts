/**
 * A provider's year figures on „Trägervergleich“ are the sums of its measures' quarters on
 * „Austritte“ of the same workbook: the year minus the visible quarters gave a hidden quarter
 * back. Found on the sample workbook 2025-Q4 of Jobcenter 06412 (provider 001066: 48 exits in
 * the year, 42 of them visible on „Austritte“, the two hidden quarters of 06412-0009 sum to 6;
 * with the column totals a reader got the hidden Q4 exit of 06412-0006). Here: P1 has one
 * measure, its Q2 exits (2) are a small count hidden with M2's Q2 exits as the column's
 * complement; the year 33 minus 10 + 12 + 9 gave them back. Its dropouts, 4 and 4 hidden in
 * Q3 and Q4, summed to its 8 observed: 4 each (a hidden small count is at most 4).
 */
import { describe, expect, it } from 'vitest';
import { QUARTERLY_CONTROLLING } from '../../reports/layouts/quarterly.ts';
import { assembleWorkbook, type SheetModel } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { providerQuartersReader, type MeasureQuarters } from './helpers/provider-quarters.ts';

const CTX: ReturnContext = { periodType: 'quarter', period: '2025-Q4', year: '2025', quarter: 4, jobcenterId: '06412', asOf: '2026-09-30', threshold: 5 };

// per measure: provider, exits and dropouts in Q1..Q4
const MEASURES: MeasureQuarters = {
  M1: { provider: 'P1', exits: [10, 2, 12, 9], dropouts: [0, 0, 4, 4] },
  M2: { provider: 'P2', exits: [20, 7, 15, 18], dropouts: [6, 5, 7, 8] },
  M3: { provider: 'P2', exits: [11, 30, 25, 14], dropouts: [5, 9, 6, 7] },
};
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

const READER = providerQuartersReader(MEASURES, '06412');

function column(sheet: SheetModel, key: string) {
  const c = sheet.columns.findIndex((x) => x.key === key);
  return sheet.rows.map((row, r) => ({ row, cell: sheet.cells[r]![c]! }));
}

describe('provider year figures beside the quarters of its measures', () => {
  it('leave no hidden quarter that the year minus the visible quarters gives back', async () => {
    const model = await assembleWorkbook(READER, QUARTERLY_CONTROLLING, CTX);
    const exits = model.sheets.find((s) => s.layout.name === 'Austritte')!;
    const providers = model.sheets.find((s) => s.layout.name === 'Trägervergleich')!;
    // the case: M1's Q2 exits are hidden, P1's year exits are 33
    expect(column(exits, 'exits_q2')[0]!.cell.hidden).toBe('primary');
    expect(column(providers, 'exits')[0]!.cell.value).toBe(33);
    for (const [year, quarter] of [['exits', 'exits'], ['observed', 'dropouts']] as const) {
      for (const { row, cell } of column(providers, year)) {
        const quarters = [1, 2, 3, 4].flatMap((q) => column(exits, `${quarter}_q${q}`).filter((x) => x.row['provider_id'] === row['provider_id']).map((x) => x.cell));
        expect(sum(quarters.map((c) => c.value ?? 0)), `${year} of ${row['provider_id']}`).toBe(cell.value);
        const hidden = [cell, ...quarters].filter((c) => c.hidden).length;
        expect(hidden === 0 || hidden >= 2, `${year} of ${row['provider_id']}: ${hidden} hidden`).toBe(true);
      }
    }
  });

  it('hides the observed ÷ expected ratio and its interval with the observed dropouts', async () => {
    const model = await assembleWorkbook(READER, QUARTERLY_CONTROLLING, CTX);
    const providers = model.sheets.find((s) => s.layout.name === 'Trägervergleich')!;
    const observed = column(providers, 'observed');
    // P1's 8 observed dropouts are hidden for its two hidden quarters (ratio 8 ÷ 9,9 gave them back)
    expect(observed[0]!.cell).toMatchObject({ value: 8, hidden: 'complement' });
    for (const key of ['oe_ratio', 'ci_low', 'ci_high']) {
      column(providers, key).forEach(({ cell }, r) => expect(Boolean(cell.hidden), `${key} row ${r}`).toBe(Boolean(observed[r]!.cell.hidden)));
    }
  });
});
