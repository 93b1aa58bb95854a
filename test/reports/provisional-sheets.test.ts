/**
 * Which sheets a return marks "vorläufig". The ESF+ participant sheets count persons by the
 * year of their entry, a figure without a window after the period: by indicators.md it is
 * final once the year ended 3 months before the Datenstand. The sample return 2025 (Datenstand
 * 30.09.2026) marked them provisional all the same, because a figure on the results sheet
 * (integration 6 months after exit) was; and a return of a running year without results
 * marked them final.
 */
import { describe, expect, it } from 'vitest';
import { ESF_PARTICIPANTS } from '../../reports/layouts/esf.ts';
import type { Pick } from '../../reports/layouts/types.ts';
import { assembleWorkbook, sheetIsProvisional, type WorkbookModel } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { MartFigures, pickPeriod, pickSuffix } from '../../reports/model/load.ts';
import type { MartReader } from '../../reports/model/mart-reader.ts';

const ctx = (period: string, periodFinal: boolean): ReturnContext =>
  ({ periodType: 'year', period, year: period, jobcenterId: null, asOf: '2026-09-30', threshold: 5, periodFinal }) as ReturnContext;

/** One ESF measure with 12 participants; its results as given (provisional: integration's window still open). */
function reader(results: boolean): MartReader {
  return {
    rows: async (sheet: { rows: { id: string } }) =>
      sheet.rows.id === 'esf_measures'
        ? results ? [{ row_key: 'M1', jobcenter_id: 'J1', measure_id: 'M1' }] : []
        : [{ row_key: 'J1|M1', jobcenter_id: 'J1', measure_id: 'M1', not_collected: 'nicht erhoben', participants: 12, unemployed: 12, inactive: 0 }],
    figures: async (_m: readonly string[], picks: readonly Pick[], c: ReturnContext) => {
      const suffix = (p: Pick): string => pickSuffix(p, pickPeriod(p, c).period);
      const figures = new MartFigures(picks.map(suffix));
      if (results) for (const p of picks) figures.set('M1', figures.slot(suffix(p))!, 10, false, p.indicator !== 'employed_on_leaving_rate');
      return figures;
    },
  } as unknown as MartReader;
}

const provisionalSheets = (model: WorkbookModel): string[] =>
  model.sheets.filter((s) => sheetIsProvisional(s, model.provisional)).map((s) => s.layout.name);

describe('provisional marks of the ESF+ return', () => {
  it('a closed year: participant sheets final, only the results sheets provisional (by gender too: the same windows)', async () => {
    const model = await assembleWorkbook(reader(true), ESF_PARTICIPANTS, ctx('2025', true));
    expect(model.provisional).toBe(true);
    expect(provisionalSheets(model)).toEqual(['Ergebnisse', 'Ergebnisse Frauen', 'Ergebnisse Männer', 'Ergebnisse Divers', 'Ergebnisse Ohne Angabe']);
  });

  it('a running year without results: participant sheets provisional, and so the workbook', async () => {
    const model = await assembleWorkbook(reader(false), ESF_PARTICIPANTS, ctx('2026', false));
    expect(model.provisional).toBe(true);
    // the empty results sheet follows the workbook
    expect(provisionalSheets(model)).toEqual(['Insgesamt', 'Frauen', 'Männer', 'Divers', 'Ohne Angabe', 'Ergebnisse', 'Ergebnisse Frauen', 'Ergebnisse Männer', 'Ergebnisse Divers', 'Ergebnisse Ohne Angabe']);
  });
});
