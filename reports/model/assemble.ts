/**
 * Turns a layout plus mart data into a workbook model: every number cell refers to a
 * figure (keyed, so a figure shown on two sheets is hidden on both or neither), the
 * additive relations become lines, and disclosure control runs once over the workbook.
 *
 * Phases: load rows and picks → register figures → lines and dependents → suppression.
 */
import type { Row } from '../../pipelines/db/database.ts';
import { applySuppression, type HiddenKind, type Line } from '../../pipelines/publish/suppression.ts';
import type { ColumnLayout, SheetLayout, WorkbookLayout } from '../layouts/types.ts';
import type { ReturnContext } from './context.ts';
import type { MartReader } from './mart-reader.ts';
import { followLandWide } from './edition.ts';
import { assembleFigures, hasFigures } from './figures.ts';
import { isPublicReturn, publicYear } from './public-year.ts';

export { hasFigures };
import { TOTAL_ROW } from './lines.ts';

export { TOTAL_ROW };

export interface CellPos {
  readonly sheet: string;
  readonly row: number; // index into SheetModel.rows (the total row is rows.length)
  readonly col: number; // index into SheetModel.columns
}

export interface FigureModel {
  readonly key: string;
  readonly value: number | null;
  /** Set once the sheet's figures are registered; a rate can still make its numerator primary (assembleFigures). */
  primary: boolean;
  hidden?: HiddenKind;
  /**
   * Where its parts sit, per sheet on which this total is written as a SUM formula: the sheet
   * of its column or row line, or the total sheet of a cross-sheet line (first line wins).
   */
  sumOf?: Map<string, CellPos[]>;
  provisional?: boolean;
}

export interface SheetModel {
  readonly layout: SheetLayout;
  readonly columns: ColumnLayout[];
  readonly rows: Row[];
  /** Figure key per [row][col] (rows.length = total row), undefined for label cells. */
  readonly keys: (string | undefined)[][];
  /** The figure of each keyed cell (the same object as figures.get(key): renderers need no lookup). */
  readonly cells: (FigureModel | undefined)[][];
  readonly hasTotalRow: boolean;
  /** Set where the layout decides it (SheetLayout.provisionalBy), not the figures' flags. */
  readonly provisional?: boolean;
}

export interface WorkbookModel {
  readonly layout: WorkbookLayout;
  readonly context: ReturnContext;
  readonly sheets: SheetModel[];
  readonly figures: Map<string, FigureModel>;
  /** The additive relations disclosure control ran over (sums and bounds), for checks of what a reader can work out. */
  readonly lines: readonly Line[];
  readonly provisional: boolean;
}

/**
 * Whether a figure on the sheet is provisional: the sheet says so, not every sheet of a
 * workbook with one such figure. A sheet of row-query figures (no mart flag per figure:
 * the provider comparison, data quality) follows the workbook.
 */
export function sheetIsProvisional(sheet: SheetModel, workbook: boolean): boolean {
  if (sheet.provisional !== undefined) return sheet.provisional;
  // a loop, not flatMap: called per sheet several times, on up to 10^5 cells at 10^6 participations
  let flagged = false;
  for (const row of sheet.cells) {
    for (const cell of row) {
      if (cell?.provisional === true) return true;
      if (cell?.provisional === false) flagged = true;
    }
  }
  return flagged ? false : workbook;
}

export async function assembleWorkbook(reader: MartReader, layout: WorkbookLayout, ctx: ReturnContext): Promise<WorkbookModel> {
  // A funder's return of one Jobcenter is a cut of the Land-wide one: suppressed on its own,
  // the two editions hid different cells and one gave back what the other hid (edition.ts).
  if (layout.scope === 'state' && ctx.jobcenterId !== null) {
    const landWide = await assembleWorkbook(reader, layout, { ...ctx, jobcenterId: null });
    const { model, dependents } = await assembleFigures(reader, layout, ctx);
    followLandWide(model, landWide, dependents);
    return model;
  }
  // The public returns are suppressed together with each other and the ministry page.
  if (isPublicReturn(layout)) return (await publicYear(reader, ctx)).returns.get(layout.id)!;
  const { model, dependents } = await assembleFigures(reader, layout, ctx);
  const hidden = applySuppression(model.figures, model.lines, dependents, ctx.threshold);
  hidden.forEach((kind, key) => {
    const f = model.figures.get(key);
    if (f) f.hidden = kind;
  });
  return model;
}

