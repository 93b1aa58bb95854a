/**
 * Sheets that add up to another sheet (ESF+: the four genders' results to "Ergebnisse") tie
 * their counts, never their rates: a line over the rate columns became a SUM formula on the
 * total sheet, and once Excel or LibreOffice recalculated, a measure's Verbleibsquote of
 * 14 of 28 read 99,5 % (two genders' 50 % and 49,5 % added); disclosure control also took
 * the rates for additive.
 */
import { describe, expect, it } from 'vitest';
import { addSheetLines, type HomedLine } from '../../reports/model/lines.ts';
import type { SheetModel } from '../../reports/model/assemble.ts';
import type { ColumnLayout, SheetLayout, WorkbookLayout } from '../../reports/layouts/types.ts';

const COLUMNS: ColumnLayout[] = [
  { key: 'not_unemployed', header: 'Nicht arbeitslos', format: 'count', field: 'not_unemployed' },
  { key: 'exits', header: 'Austritte', format: 'count', field: 'exits' },
  { key: 'not_unemployed_rate', header: 'Verbleibsquote', format: 'rate', field: 'not_unemployed_rate', rateOf: ['not_unemployed', 'exits'] },
];

function sheet(name: string): SheetModel {
  return {
    layout: { name } as SheetLayout,
    columns: COLUMNS,
    rows: [{ row_key: '06412-0135' }],
    keys: [COLUMNS.map((c) => `${name}|${c.key}`)],
    cells: [],
    hasTotalRow: false,
  };
}

describe('lines between sheets', () => {
  it('tie the count columns of the part sheets to the total sheet, and no rate column', () => {
    const layout = { sheetLines: [{ total: 'Ergebnisse', parts: ['Ergebnisse Frauen', 'Ergebnisse Männer'] }] } as unknown as WorkbookLayout;
    const lines: HomedLine[] = [];
    addSheetLines(layout, [sheet('Ergebnisse'), sheet('Ergebnisse Frauen'), sheet('Ergebnisse Männer')], lines);
    expect(lines.map((l) => [l.total, l.parts])).toEqual([
      ['Ergebnisse|not_unemployed', ['Ergebnisse Frauen|not_unemployed', 'Ergebnisse Männer|not_unemployed']],
      ['Ergebnisse|exits', ['Ergebnisse Frauen|exits', 'Ergebnisse Männer|exits']],
    ]);
  });
});
