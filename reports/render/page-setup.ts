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
import { textWidthPx } from './row-height.ts';

/** Printable width of A4 landscape with the default margins (0.7 in), in column units (Calibri 11: 7 px + 5 px a column, 96 dpi). */
const PAGE_UNITS = ((297 - 2 * 17.8) / 25.4) * 96 / 7;
/** Below this scale a sheet is spread over more pages rather than shrunk: 11 pt prints at ≥ 6.6 pt. */
const MIN_SCALE = 0.6;
/** The scale of a sheet spread over several pages: 11 pt print at 7.7 pt. */
const SPREAD_SCALE = 0.7;

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
 * Printable width of A4 landscape in pixels (96 dpi) and a column's width as LibreOffice
 * prints it: a unit is the default font's digit, DejaVu Sans' for the workbook's Calibri
 * (row-height.ts), a third wider than Calibri's 7 px. A spread is broken by this, the wider
 * measure: Excel then prints the same pages with room to spare, neither adds a break of its own.
 */
const PAGE_PX = ((297 - 2 * 17.8) / 25.4) * 96;
const printedPx = (widths: readonly number[]): number => widths.reduce((a, w) => a + w * textWidthPx('0') + 5, 0);
/** Share of a page a spread fills. */
const SPREAD_FILL = 0.97;

/**
 * Page setup for a sheet of these column widths whose first `labelColumns` columns name
 * the rows and whose rows 1..titleRows repeat on every page. `groups`: each column's group
 * heading (undefined for none), so a spread breaks between groups.
 */
export function pageSetup(widths: readonly number[], labelColumns: number, titleRows: number, groups: readonly (string | undefined)[] = []): Partial<ExcelJS.PageSetup> {
  const base = { orientation: 'landscape', paperSize: 9, ...(titleRows ? { printTitlesRow: `1:${titleRows}` } : {}) } as const;
  const breaks = columnBreaks(widths, labelColumns, groups);
  if (breaks.length === 0) return { ...base, fitToPage: true, fitToHeight: 0, fitToWidth: 1 };
  // a fixed scale, the pages broken at breaks (columnBreaks): fitted to a number of pages,
  // LibreOffice broke wherever the page was full — inside a group, its heading on one page only
  return { ...base, fitToPage: false, scale: SPREAD_SCALE * 100, printTitlesColumn: `A:${columnLetter(labelColumns - 1)}` };
}

/**
 * Where a sheet too wide for one page (at MIN_SCALE) starts a new page: the 0-based columns
 * that begin pages 2, 3, …, none for a sheet that fits. Pages are filled with whole groups
 * (a group's columns together under their heading); a group wider than a page is split,
 * and its heading repeated over its part on each page (write-workbook.ts).
 */
export function columnBreaks(widths: readonly number[], labelColumns: number, groups: readonly (string | undefined)[] = []): number[] {
  if (unitsOf(widths) * MIN_SCALE <= PAGE_UNITS || labelColumns === 0) return [];
  const room = (PAGE_PX / SPREAD_SCALE) * SPREAD_FILL - printedPx(widths.slice(0, labelColumns));
  // runs of adjacent columns under one group heading (a column without one is a run of its own)
  const runs: [number, number][] = [];
  for (let c = labelColumns; c < widths.length; c++) {
    const last = runs.at(-1);
    if (last && groups[c] !== undefined && groups[c] === groups[c - 1]) last[1] = c;
    else runs.push([c, c]);
  }
  const breaks: number[] = [];
  let used = 0;
  for (const [from, to] of runs) {
    const run = printedPx(widths.slice(from, to + 1));
    // a group that fits a page starts one rather than be split; a wider one fills this page first
    if (used > 0 && used + run > room && run <= room) {
      breaks.push(from);
      used = 0;
    }
    for (let c = from; c <= to; c++) {
      const w = printedPx([widths[c]!]);
      if (used > 0 && used + w > room) {
        breaks.push(c);
        used = 0;
      }
      used += w;
    }
  }
  return breaks;
}

/**
 * How many leading columns print on the first page: a footnote merged over more wrapped to
 * a width spread over several pages and was cut at the first page's edge.
 */
export function firstPageColumns(widths: readonly number[], labelColumns: number, groups: readonly (string | undefined)[] = []): number {
  return columnBreaks(widths, labelColumns, groups)[0] ?? widths.length;
}
