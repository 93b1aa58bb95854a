/**
 * Blank vs 0 vs '–' on a workbook assembled from a stub reader: a count the mart has no row
 * for counted nothing (0); occupancy without a row does not exist ('–'), and neither does a
 * sum over such cells (an =SUM over empty cells showed 0, as if 0 days); a rate over 0 is '–'.
 */
import { describe, expect, it } from 'vitest';
import { count, rateTriple } from '../../reports/layouts/common.ts';
import type { WorkbookLayout } from '../../reports/layouts/types.ts';
import { assembleWorkbook } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { MartFigures, pickSuffix } from '../../reports/model/load.ts';
import type { MartReader } from '../../reports/model/mart-reader.ts';
import { workbookOps } from '../../reports/render/write-workbook.ts';

const LAYOUT: WorkbookLayout = {
  id: 'stub',
  title: 'Stub',
  periodType: 'year',
  scope: 'state',
  sheets: [{
    name: 'S',
    title: 'S',
    rows: { id: 'stub_rows', sql: 'unused' },
    columns: [
      { key: 'measure_id', header: 'Maßnahme', label: 'measure_id', format: 'text' },
      count('entries', 'Eintritte', { indicator: 'entries' }),
      ...rateTriple('no_show', 'no_show_rate', ['Nichtantritte', 'Zuweisungen', 'Quote']),
      ...rateTriple('occupancy', 'occupancy_rate', ['Teilnehmertage', 'Platztage', 'Auslastung'], undefined, 'none'),
    ],
    totalLabel: 'Insgesamt',
  }],
  definitions: [],
};

const CTX: ReturnContext = { periodType: 'year', period: '2025', year: '2025', jobcenterId: null, asOf: '2026-09-30', threshold: 5 };

/** m1 has 12 entries and nothing else in the mart; m2 has no figures at all. */
const READER = {
  rows: async () => [{ row_key: 'm1', measure_id: 'm1' }, { row_key: 'm2', measure_id: 'm2' }],
  figures: async () => {
    const figures = new MartFigures([pickSuffix({ indicator: 'entries' }, '2025')]);
    figures.set('m1', 0, 12, false, false);
    return figures;
  },
} as unknown as MartReader;

describe('figures without a value', () => {
  it('a missing count is 0, a missing rate or occupancy is –, and a sum over only – is – (not 0)', async () => {
    const model = await assembleWorkbook(READER, LAYOUT, CTX);
    const { ops } = workbookOps(model, { version: 'test', sources: [] }, '/dev/null', new Date(0));
    const sheet = ops.sheets.find((s) => s.name === 'S')!;
    const values = (label: string): unknown[] => sheet.rows.find((r) => r.values[0] === label)!.values;
    expect(values('m2')).toEqual(['m2', 0, 0, 0, '–', '–', '–', '–']);
    expect(values('m1').slice(1)).toEqual([12, 0, 0, '–', '–', '–', '–']);
    const total = values('Insgesamt');
    expect(total[1]).toEqual({ formula: 'SUM(B5:B6)', result: 12 });
    expect(total.slice(5)).toEqual(['–', '–', '–']);
    expect(sheet.rows.some((r) => String(r.values[0]).startsWith('– = nichts vorhanden'))).toBe(true);
  });
});
