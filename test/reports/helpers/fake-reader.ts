/** A MartReader over figures a test states by hand: the return's disclosure logic without a database. */
import type { Row } from '../../../pipelines/db/database.ts';
import type { Pick } from '../../../reports/layouts/types.ts';
import type { ReturnContext } from '../../../reports/model/context.ts';
import { MartFigures, pickPeriod, pickSuffix } from '../../../reports/model/load.ts';
import type { MartReader } from '../../../reports/model/mart-reader.ts';
import type { FigureModel, SheetModel } from '../../../reports/model/assemble.ts';

/** Sets one picked figure of a measure (row key); picks the workbook does not show are ignored. */
export type SetFigure = (measure: string, pick: Pick, value: number, suppressed: boolean) => void;

/** `rows` gets the workbook's context too: a Jobcenter's edition reads only that Jobcenter's rows. */
export function fakeReader(rows: (rowSourceId: string, ctx: ReturnContext) => Row[], fill: (set: SetFigure) => void): MartReader {
  return {
    rows: async (sheet: { rows: { id: string } }, ctx: ReturnContext) => rows(sheet.rows.id, ctx),
    figures: async (_measures: readonly string[], picks: readonly Pick[], ctx: ReturnContext) => {
      const suffix = (p: Pick): string => pickSuffix(p, pickPeriod(p, ctx).period);
      const figures = new MartFigures(picks.map(suffix));
      fill((m, p, value, suppressed) => {
        const slot = figures.slot(suffix(p));
        if (slot !== undefined) figures.set(m, slot, value, suppressed, false);
      });
      return figures;
    },
  } as unknown as MartReader;
}

/** A sheet's cells of one column, row by row (the total row last). */
export function column(sheet: SheetModel, key: string): (FigureModel | undefined)[] {
  const c = sheet.columns.findIndex((col) => col.key === key);
  return sheet.cells.map((row) => row[c]);
}
