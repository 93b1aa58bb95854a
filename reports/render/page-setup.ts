/**
 * Print setup of every sheet: A4 landscape, a footer naming the return (a printed page
 * travels without its file name) with "Seite x von y", and for sheets too wide for one
 * page a spread over several pages with the row labels repeated, instead of shrinking
 * them to one page (the 29 columns of "Nach Geschlecht" printed at about 4 pt).
 */
import type ExcelJS from 'exceljs';
import type { WorkbookModel } from '../model/assemble.ts';
import { periodText } from '../model/context.ts';
import { columnLetter } from './placement.ts';

/** Printable width of A4 landscape with the default margins (0.7 in), in column units (Calibri 11: 7 px + 5 px a column, 96 dpi). */
const PAGE_UNITS = ((297 - 2 * 17.8) / 25.4) * 96 / 7;
/** Below this scale a sheet is spread over more pages rather than shrunk: 11 pt prints at ≥ 7 pt. */
const MIN_SCALE = 0.65;
/** The scale a spread aims at (so that LibreOffice and Excel, whose widths differ a little, keep to the page count). */
const SPREAD_SCALE = 0.8;

function unitsOf(widths: readonly number[]): number {
  return widths.reduce((a, w) => a + w + 5 / 7, 0);
}

/** Text of a header/footer section: '&' starts a code there, a literal one is '&&'. */
function footerText(text: string): string {
  return text.replaceAll('&', '&&');
}

export function pageFooter(model: WorkbookModel): Partial<ExcelJS.HeaderFooter> {
  const { context: ctx } = model;
  const [y, m, d] = ctx.asOf.split('-');
  const scope = ctx.jobcenterId ? ` · Jobcenter ${ctx.jobcenterId}` : '';
  const left = footerText(`${model.layout.title} · ${periodText(ctx.period)}${scope} · Datenstand ${d}.${m}.${y}`);
  return { oddFooter: `&L&8${left}&R&8Seite &P von &N` };
}

/**
 * Page setup for a sheet of these column widths whose first `labelColumns` columns name
 * the rows and whose rows 1..titleRows repeat on every page.
 */
export function pageSetup(widths: readonly number[], labelColumns: number, titleRows: number): Partial<ExcelJS.PageSetup> {
  const base = { orientation: 'landscape', fitToPage: true, fitToHeight: 0, paperSize: 9, ...(titleRows ? { printTitlesRow: `1:${titleRows}` } : {}) } as const;
  const labels = unitsOf(widths.slice(0, labelColumns));
  const figures = unitsOf(widths.slice(labelColumns));
  if ((labels + figures) * MIN_SCALE <= PAGE_UNITS || labelColumns === 0) return { ...base, fitToWidth: 1 };
  const perPage = PAGE_UNITS / SPREAD_SCALE - labels;
  return { ...base, fitToWidth: Math.ceil(figures / perPage), printTitlesColumn: `A:${columnLetter(labelColumns - 1)}` };
}

/**
 * How many leading columns print on the first page: a footnote merged over more wrapped to
 * a width spread over several pages and was cut at the first page's edge.
 */
export function firstPageColumns(widths: readonly number[], labelColumns: number, titleRows: number): number {
  const setup = pageSetup(widths, labelColumns, titleRows);
  if (setup.fitToWidth === 1) return widths.length;
  let n = 0;
  let units = 0;
  while (n < widths.length && units + unitsOf([widths[n]!]) <= PAGE_UNITS) units += unitsOf([widths[n++]!]);
  return Math.max(1, n);
}

/** Narrowest repeated label columns (width units) that the notes of a spread sheet are kept within. */
const NOTE_MIN_UNITS = 40;

/**
 * The leading columns a note is merged over. Over the table's width on its first page and
 * wrapped: a long line ran past the printed page. On a sheet spread over several pages the
 * label columns repeat on each: notes within them read whole on every page (over the first
 * page's width they were cut there on pages 2+) — where those columns are wide enough: in the
 * ESF+ sheets' two (28 units) a note grew to 180 pt and the notes together past a page.
 */
export function noteColumns(widths: readonly number[], labelColumns: number, titleRows: number): number {
  const spread = pageSetup(widths, labelColumns, titleRows).printTitlesColumn !== undefined;
  const labelUnits = widths.slice(0, labelColumns).reduce((a, w) => a + w, 0);
  return spread && labelUnits >= NOTE_MIN_UNITS ? labelColumns : firstPageColumns(widths, labelColumns, titleRows);
}
