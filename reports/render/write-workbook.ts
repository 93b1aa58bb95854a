/**
 * The one builder: renders any workbook model into ops (workbook-ops.ts) that exceljs'
 * streaming writer then writes (xlsx-replay.ts). Every sheet: title rows, frozen header,
 * autofilter, column widths, landscape print with repeating header rows and a footer
 * (page-setup.ts), rows as tall as their wrapped text (row-height.ts); totals as live SUM
 * formulas; hidden cells as '.', figures that do not exist as '–', with footnotes.
 */
import type ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeOutputFolder, replaceFile } from '../../pipelines/atomic-file.ts';
import { parseIsoDay } from '../../pipelines/generate/days.ts';
import { pinZipTimestamps } from '../../pipelines/generate/zip-timestamps.ts';
import { type CellPos, hasFigures, type SheetModel, sheetIsProvisional, type WorkbookModel } from '../model/assemble.ts';
import type { CoverData } from '../model/cover-data.ts';
import { periodText } from '../model/context.ts';
import { writeCover, writeDefinitions } from './cover.ts';
import { writeChanges } from './changes.ts';
import type { Revision } from '../model/revision.ts';
import { cellStyle, GROUP_STYLE, NOTE_STYLE } from './cell-styles.ts';
import { BOLD, boldOf, HIDDEN_MARK, NONE_MARK, NUM_FMT, TOTAL_AS_VALUE_FMT } from './formats.ts';
import { safeText } from './safe-text.ts';
import { storedNumber } from './stored-number.ts';
import { columnBreaks, firstPageColumns, pageFooter, pageSetup } from './page-setup.ts';
import { addressOf, formulaOver, headerLayout, type Placement } from './placement.ts';
import { headerWidth } from './row-height.ts';
import { WorkbookBuilder, type OpStyle, type OpValue, type WorkbookOps } from './workbook-ops.ts';
import { replayWorkbook, type ReplayOptions } from './xlsx-replay.ts';

export const FOOTNOTES = [
  `${NONE_MARK} = nichts vorhanden (kein Wert: Quote ohne Fälle im Nenner – auch wenn die Frist nach dem Austritt, etwa 6 Monate bis zur Eingliederung, noch für keinen Austritt abgelaufen ist –, Auslastung ohne Vertrag im Zeitraum, Summe solcher Felder); 0 = tatsächlich null.`,
  `${HIDDEN_MARK} = Zahlenwert geheim zu halten (kleine Fallzahl, oder zusätzlich unterdrückt, damit keine kleine Fallzahl zurückgerechnet werden kann; beides bewusst gleich markiert).`,
  '¹ Summe enthält unterdrückte Werte: sie ist die wahre Summe und als Wert (nicht als Formel) geschrieben.',
];

export interface WriteOptions extends ReplayOptions {
  /**
   * The workbook's creation time (document properties): the caller's clock, so that a run
   * with a pinned clock (reports/regenerate-expected.ts) writes the same bytes every time.
   */
  readonly created: Date;
  /** This workbook's version and its changes against the one before (reports/model/revision.ts). */
  readonly revision?: Revision;
}

/** Writes the workbook and returns its number of data rows. */
export async function writeWorkbook(model: WorkbookModel, cover: CoverData, path: string, options: WriteOptions): Promise<number> {
  makeOutputFolder(dirname(path));
  let rows = 0;
  // Written beside the target and renamed over it when complete: a full disk or a crash
  // halfway leaves the previous return whole, not a cut-off zip under its name.
  await replaceFile(path, async (temp) => {
    const built = workbookOps(model, cover, temp, options.created, options.revision);
    rows = built.rows;
    await replayWorkbook(built.ops, options);
    // Zip entries carry the wall-clock time; stamp them with as-of so the bytes depend on the data only.
    writeFileSync(temp, pinZipTimestamps(readFileSync(temp), parseIsoDay(model.context.asOf)!));
  });
  return rows;
}

/** Every cell of the workbook decided: values, styles, formulas, merges. */
export function workbookOps(model: WorkbookModel, cover: CoverData, path: string, created: Date, revision?: Revision): { ops: WorkbookOps; rows: number } {
  const wb = new WorkbookBuilder();
  writeCover(wb, model, cover, created, revision);
  const placement: Placement = new Map(model.sheets.map((s) => [s.layout.name, headerLayout(s)]));
  let rows = 0;
  for (const sheet of model.sheets) rows += writeSheet(wb, model, sheet, placement);
  if (revision) writeChanges(wb, model, revision, cover);
  // the definitions hold no figures: no mark 'vorläufig'
  writeDefinitions(wb, model, cover, subtitle(model, undefined, false));
  const ops: WorkbookOps = {
    path,
    creator: 'almp-monitor',
    title: documentTitle(model),
    subject: subtitle(model),
    created,
    views: [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }],
    styles: wb.styles,
    sheets: wb.sheets,
  };
  return { ops, rows };
}

function writeSheet(wb: WorkbookBuilder, model: WorkbookModel, sheet: SheetModel, placement: Placement): number {
  const { columns, rows } = sheet;
  const layout = placement.get(sheet.layout.name)!;
  const labelCount = Math.max(1, columns.findIndex((c) => c.pick || c.field));
  const lastCol = addressOf({ row: 0, col: columns.length - 1 }, layout).replace(/\d+$/, '');
  const lastDataRow = layout.firstDataRow + Math.max(rows.length, 1) - 1;
  const partly = provisionalMarks(model, sheet);
  const headers = columns.map((c, i) => (partly?.[i] ? `${c.header} ${PARTLY_MARK}` : c.header));
  // a header word wider than its column was cut ("Abschlussqu|ote"), and a wrapped heading
  // that filled its column ran into its neighbour's: the column grows until neither happens
  const widths = columns.map((c, i) => headerWidth(headers[i]!, c.width ?? (c.format === 'text' ? 14 : 12)));
  const groups = columns.map((c) => c.group);
  const breaks = columnBreaks(widths, labelCount, groups);
  const ws = wb.addSheet(
    sheet.layout.name,
    {
      views: [{ state: 'frozen', xSplit: labelCount, ySplit: layout.headerRow }],
      pageSetup: pageSetup(widths, labelCount, layout.headerRow, groups),
      headerFooter: pageFooter(model),
      // No filter buttons on sheets that formulas join cell by cell (the ESF+ genders summed into
      // 'Insgesamt'): sorting one of them made the sums add up other measures' rows.
      ...(joinedBySheetFormulas(model, sheet) ? {} : { autoFilter: `A${layout.headerRow}:${lastCol}${lastDataRow}` }),
    } as Partial<ExcelJS.AddWorksheetOptions>,
    widths,
    breaks,
  );

  ws.row([safeText(sheet.layout.title)], { font: boldOf(13) });
  ws.row([subtitle(model, sheet.layout.periodOf, partly ? 'partly' : sheetIsProvisional(sheet, model.provisional))]);
  ws.row([]);
  if (layout.groupRow) {
    // Only the first cell of a merged group holds the text.
    // Centred over its columns and underlined across them, so each heading visibly spans its own;
    // split where a page begins, its heading over each part: merged across the break, it
    // printed on one page only ("Hauptgrund" over 18 columns on three pages)
    const spans = groupSpans(columns, breaks);
    const values: OpValue[] = columns.map(() => null);
    for (const [from] of spans) values[from] = columns[from - 1]?.group === columns[from]!.group ? `${columns[from]!.group} (Fortsetzung)` : columns[from]!.group!;
    ws.row(values, {
      styles: columns.map((c) => (c.group ? GROUP_STYLE : undefined)),
      merges: spans.filter(([from, to]) => to > from).map(([from, to]) => [layout.groupRow!, from + 1, layout.groupRow!, to + 1]),
    });
  }
  // A figure's header is right-aligned like its numbers: left-aligned over a wide column it
  // read as the heading of the figure to its left (a funder's review of the PDF).
  ws.row(
    headers,
    // a text heading after a figure's starts one character in: flush against the right-aligned
    // heading before it, "…nichterwerbstätig) (a)" and "Erwerbstätige … (b)" ran together
    { styles: columns.map((c, i) => ({ font: BOLD, alignment: { wrapText: true, vertical: 'top', horizontal: c.format === 'text' ? 'left' : 'right', ...(afterFigure(columns, i) ? { indent: 1 } : {}) } })) },
  );

  const width = columns.length;
  const indented = columns.map((_, i) => afterFigure(columns, i));
  // rows of wrapped text are several lines high: every cell at the top, as the wrapped one
  // (at the default bottom a count read as belonging to the next row's description)
  const top = columns.some((c) => c.wrap);
  rows.forEach((row, r) => {
    const values: OpValue[] = new Array(width);
    const styles: (OpStyle | undefined)[] = new Array(width);
    for (let c = 0; c < width; c++) setCell(values, styles, c, model, sheet, r, row[columns[c]!.label ?? ''], placement, top);
    ws.row(values, { plain: true, styles });
  });
  if (sheet.hasTotalRow) {
    const values: OpValue[] = new Array(width).fill(null);
    const styles: (OpStyle | undefined)[] = new Array(width);
    values[0] = sheet.layout.totalLabel ?? 'Insgesamt';
    styles[0] = cellStyle(undefined, { bold: true, top });
    for (let c = 0; c < width; c++) {
      if (c > 0 || sheet.keys[rows.length]![c]) setCell(values, styles, c, model, sheet, rows.length, undefined, placement, top);
      const text = columns[c]!.totalText;
      if (text !== undefined) {
        values[c] = safeText(text);
        if (indented[c]) styles[c] = cellStyle(undefined, { bold: true, top, indent: true });
      }
    }
    ws.row(values, { plain: true, styles });
  }
  // header rows (group and column) over the label columns, for the body and its total row
  ws.headers('Title', [layout.groupRow ?? layout.headerRow, 1, layout.headerRow, labelCount], [ws.nextRow - 1, width]);
  ws.row([]);
  // Wrapped over the first page's columns. On a sheet spread over pages (page-setup.ts) they
  // start after the label columns, which every page repeats: within those the notes were
  // squeezed into a narrow strip, across them cut at the edge of every page after the first
  const notes = [...(nothingShown(sheet) ? [NOTHING_SHOWN] : []), ...(sheet.layout.footnotes ?? []), ...(hasFigures(sheet.layout) ? FOOTNOTES : [])];
  const [noteFrom, noteTo] = breaks.length ? [labelCount, firstPageColumns(widths, labelCount, groups) - 1] : [0, widths.length - 1];
  for (const note of notes) {
    const values: OpValue[] = new Array(noteFrom + 1).fill(null);
    values[noteFrom] = safeText(note);
    const styles: (OpStyle | undefined)[] = [];
    styles[noteFrom] = NOTE_STYLE;
    ws.row(values, { styles, merges: noteTo > noteFrom ? [[ws.nextRow, noteFrom + 1, ws.nextRow, noteTo + 1]] : [] });
  }
  return rows.length;
}

function documentTitle(model: WorkbookModel): string {
  const { context: ctx } = model;
  return `${model.layout.title} ${periodText(ctx.period)}${ctx.jobcenterId ? ` – Jobcenter ${ctx.jobcenterId}` : ''}`;
}

const PARTLY_MARK = '(vorläufig)';

/**
 * Per column whether it holds a provisional figure, for a sheet of final and provisional
 * figures side by side (Q1 and Q2 final, Q3 not, at Datenstand 30.09.): one mark for the
 * whole sheet called the final quarters provisional too (an ESF+ auditor's review).
 * Undefined when the sheet's figures are all of one kind.
 */
function partlyProvisional(sheet: SheetModel, workbook: boolean): boolean[] | undefined {
  if (sheet.provisional !== undefined || !sheetIsProvisional(sheet, workbook)) return undefined;
  const flags = sheet.columns.map((_, c) => sheet.cells.map((row) => row[c]?.provisional).filter((p) => p !== undefined));
  const provisional = flags.map((f) => f.includes(true));
  // A quarter after a provisional one in the same group, with no figure at all, is still
  // open (a 182-day window not closed for any exit: only '–'); unmarked, 'Q2' and 'Q3' read
  // as final beside 'Q1 (vorläufig)' (an audit of the outputs).
  sheet.columns.forEach((column, c) => {
    const before = sheet.columns[c - 1];
    if (flags[c]!.length === 0 && before && column.group !== undefined && before.group === column.group && provisional[c - 1]) provisional[c] = true;
  });
  const final = flags.some((f) => f.length > 0 && !f.includes(true));
  return final ? provisional : undefined;
}

/**
 * A sheet that adds up to another (SheetLayout.sheetLines: the ESF+ gender sheets) marks the
 * columns its total sheet marks: with its own figures all hidden or empty it called every
 * column provisional, the 28-day results too, which the total sheet shows as final.
 */
function provisionalMarks(model: WorkbookModel, sheet: SheetModel): boolean[] | undefined {
  const line = model.layout.sheetLines?.find((l) => l.parts.includes(sheet.layout.name));
  const total = line && model.sheets.find((s) => s.layout.name === line.total);
  const marks = total && partlyProvisional(total, model.provisional);
  if (!total || !marks) return partlyProvisional(sheet, model.provisional);
  return sheet.columns.map((c) => marks[total.columns.findIndex((t) => t.key === c.key)] ?? false);
}

/**
 * A sheet of year figures in a quarterly workbook names its year: "Zeitraum Q3 2026" above
 * them misled (a controller's review) — "(Januar bis Datenstand)" only while that year runs;
 * a sheet of counts on the Datenstand names no period.
 */
function subtitle(model: WorkbookModel, periodOf?: 'year' | 'as-of', provisional: boolean | 'partly' = model.provisional): string {
  const { context: ctx } = model;
  const [y, m, d] = ctx.asOf.split('-');
  const scope = ctx.jobcenterId ? `Jobcenter ${ctx.jobcenterId}` : 'alle Jobcenter';
  const marks = provisional === 'partly' ? ` · vorläufig: die Spalten ${PARTLY_MARK}` : provisional ? ' · vorläufig' : '';
  if (periodOf === 'as-of') return safeText(`Stand ${d}.${m}.${y} (Datenstand) · ${scope}${marks}`);
  const yearRuns = ctx.asOf <= `${ctx.year}-12-31`;
  const period = periodOf === 'year' && ctx.periodType === 'quarter' ? `Jahr ${ctx.year}${yearRuns ? ' (Januar bis Datenstand)' : ''}` : periodText(ctx.period);
  return safeText(`Zeitraum ${period} · ${scope} · Datenstand ${d}.${m}.${y}${marks}`);
}

/** The 0-based column ranges of each group heading, split at the page breaks `breaks`. */
function groupSpans(columns: SheetModel['columns'], breaks: readonly number[]): [number, number][] {
  const spans: [number, number][] = [];
  columns.forEach((c, i) => {
    const last = spans.at(-1);
    if (c.group && last && columns[last[1]]!.group === c.group && last[1] === i - 1 && !breaks.includes(i)) last[1] = i;
    else if (c.group) spans.push([i, i]);
  });
  return spans;
}

/** Cell c of a row: its value and style (undefined = plain) into the row's arrays. */
function setCell(values: OpValue[], styles: (OpStyle | undefined)[], c: number, model: WorkbookModel, sheet: SheetModel, r: number, label: unknown, placement: Placement, top: boolean): void {
  const col = sheet.columns[c]!;
  values[c] = null;
  styles[c] = undefined;
  if (!sheet.keys[r]![c]) {
    if (label === null || label === undefined) return;
    if (label instanceof Date) {
      values[c] = label;
      styles[c] = cellStyle(NUM_FMT[col.format] ?? NUM_FMT.date, { top });
    } else if (typeof label === 'number' || typeof label === 'bigint') {
      values[c] = storedNumber(col.format, Number(label));
      styles[c] = cellStyle(NUM_FMT[col.format], { top });
    } else {
      values[c] = safeText(String(label));
      const indent = afterFigure(sheet.columns, c);
      if (col.wrap || top || indent) styles[c] = cellStyle(undefined, { wrap: col.wrap, top, indent });
    }
    return;
  }
  const figure = sheet.cells[r]![c];
  if (!figure) return;
  const bold = r === sheet.rows.length;
  if (figure.value === null) {
    values[c] = NONE_MARK;
    styles[c] = cellStyle(undefined, { bold, right: true, top });
    return;
  }
  if (figure.hidden) {
    values[c] = HIDDEN_MARK;
    styles[c] = cellStyle(undefined, { bold, right: true, top });
    return;
  }
  const styled = cellStyle(NUM_FMT[col.format], { bold, top });
  styles[c] = styled;
  if (r === sheet.rows.length && col.total === 'ratio' && col.rateOf) {
    const [num, den] = col.rateOf.map((k) => sheet.columns.findIndex((x) => x.key === k)) as [number, number];
    const self = placement.get(sheet.layout.name)!;
    values[c] = { formula: `${addressOf({ row: r, col: num }, self)}/${addressOf({ row: r, col: den }, self)}`, result: figure.value };
    return;
  }
  const sumOf = figure.sumOf?.get(sheet.layout.name);
  if (sumOf) {
    const partsHidden = sumOf.some((p) => isHidden(model, p));
    const formula = partsHidden ? undefined : formulaOver(sumOf, sheet.layout.name, placement);
    if (formula) {
      values[c] = { formula, result: figure.value };
      return;
    }
    const marked = partsHidden ? TOTAL_AS_VALUE_FMT[col.format] : undefined;
    if (marked) styles[c] = cellStyle(marked, { bold, top });
  }
  // a formula above keeps its exact result: its parts are on the sheet, and a recalculation gives the same
  values[c] = storedNumber(col.format, figure.value);
}

function joinedBySheetFormulas(model: WorkbookModel, sheet: SheetModel): boolean {
  return (model.layout.sheetLines ?? []).some((l) => l.total === sheet.layout.name || l.parts.includes(sheet.layout.name));
}

/** A text column right after a figure column (its left-aligned text would touch the figure's). */
function afterFigure(columns: SheetModel['columns'], i: number): boolean {
  return i > 0 && columns[i]!.format === 'text' && columns[i - 1]!.format !== 'text';
}

/** A sheet of marks only ('.' and '–', e.g. a small Jobcenter's follow-up) says so rather than look broken. */
const NOTHING_SHOWN = 'Auf diesem Blatt ist keine Zahl darstellbar: jedes Feld ist geheim zu halten (.) oder ohne Fälle (–).';

function nothingShown(sheet: SheetModel): boolean {
  let figures = 0;
  for (const row of sheet.cells) {
    for (const cell of row) {
      if (!cell) continue;
      if (cell.value !== null && !cell.hidden) return false;
      figures++;
    }
  }
  return figures > 0;
}

function isHidden(model: WorkbookModel, pos: CellPos): boolean {
  const sheet = model.sheets.find((s) => s.layout.name === pos.sheet);
  return Boolean(sheet?.cells[pos.row]?.[pos.col]?.hidden);
}
