/**
 * The one builder: renders any workbook model with exceljs' streaming writer (rows are
 * flushed as they are written, so large sheets do not sit in memory).
 * Every sheet: title rows, frozen header, autofilter, column widths, landscape print fitted
 * to the page width with repeating header rows; totals as live SUM formulas; hidden cells
 * as '.' (primary) or 'x' (complementary) with footnotes.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseIsoDay } from '../../pipelines/generate/days.ts';
import { pinZipTimestamps } from '../../pipelines/generate/zip-timestamps.ts';
import type { CellPos, SheetModel, WorkbookModel } from '../model/assemble.ts';
import type { CoverData } from '../model/cover-data.ts';
import { writeCover, writeDefinitions } from './cover.ts';
import { COMPLEMENT_MARK, NUM_FMT, PRIMARY_MARK, TOTAL_AS_VALUE_FMT } from './formats.ts';
import { safeText } from './safe-text.ts';
import { addressOf, formulaOver, headerLayout, type Placement } from './placement.ts';

type Ws = ExcelJS.Worksheet;

export const FOOTNOTES = [
  `${PRIMARY_MARK} = Wert unterdrückt (Geheimhaltung: Fallzahl zu klein).`,
  `${COMPLEMENT_MARK} = Wert zusätzlich unterdrückt, damit ein unterdrückter Wert nicht aus Summen zurückgerechnet werden kann.`,
  '¹ Summe enthält unterdrückte Werte: sie ist die wahre Summe und als Wert (nicht als Formel) geschrieben.',
];

export async function writeWorkbook(model: WorkbookModel, cover: CoverData, path: string): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const created = new Date(`${model.context.asOf}T00:00:00Z`);
  // zlib level 1: half the write time of the default level for a few percent larger files.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 1 } } } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  wb.creator = 'almp-monitor';
  wb.created = created;
  wb.modified = created;
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];

  writeCover(wb, model, cover);
  const placement: Placement = new Map(model.sheets.map((s) => [s.layout.name, headerLayout(s)]));
  let rows = 0;
  for (const sheet of model.sheets) rows += writeSheet(wb, model, sheet, placement);
  writeDefinitions(wb, model);
  await wb.commit();
  // Zip entries carry the wall-clock time; stamp them with as-of so the bytes depend on the data only.
  writeFileSync(path, pinZipTimestamps(readFileSync(path), parseIsoDay(model.context.asOf)!));
  return rows;
}

function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, model: WorkbookModel, sheet: SheetModel, placement: Placement): number {
  const { columns, rows } = sheet;
  const layout = placement.get(sheet.layout.name)!;
  const labelCount = Math.max(1, columns.findIndex((c) => c.pick || c.field));
  const lastCol = addressOf({ row: 0, col: columns.length - 1 }, layout).replace(/\d+$/, '');
  const lastDataRow = layout.firstDataRow + Math.max(rows.length, 1) - 1;
  const ws: Ws = wb.addWorksheet(sheet.layout.name, {
    views: [{ state: 'frozen', xSplit: labelCount, ySplit: layout.headerRow }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9, printTitlesRow: `1:${layout.headerRow}` },
    autoFilter: `A${layout.headerRow}:${lastCol}${lastDataRow}`,
  } as Partial<ExcelJS.AddWorksheetOptions>);
  ws.columns = columns.map((c) => ({ width: c.width ?? (c.format === 'text' ? 14 : 12) })) as ExcelJS.Column[];

  const title = ws.addRow([safeText(sheet.layout.title)]);
  title.font = { bold: true, size: 13 };
  title.commit();
  ws.addRow([subtitle(model)]).commit();
  ws.addRow([]).commit();
  if (layout.groupRow) {
    // Only the first cell of a merged group holds the text.
    const groupRow = ws.addRow(columns.map((c, i) => (c.group && columns[i - 1]?.group !== c.group ? c.group : null)));
    groupRow.font = { bold: true };
    for (const [from, to] of groupSpans(columns)) ws.mergeCells(layout.groupRow, from + 1, layout.groupRow, to + 1);
    groupRow.commit();
  }
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.commit();

  rows.forEach((row, r) => {
    const excelRow = plainRow(ws.addRow([]));
    columns.forEach((col, c) => writeCell(excelRow.getCell(c + 1), model, sheet, r, c, row[col.label ?? ''], placement));
    excelRow.commit();
  });
  if (sheet.hasTotalRow) {
    const excelRow = plainRow(ws.addRow([]));
    excelRow.getCell(1).value = sheet.layout.totalLabel ?? 'Insgesamt';
    excelRow.getCell(1).style = cellStyle(undefined, { bold: true });
    columns.forEach((_, c) => {
      if (c > 0 || sheet.keys[rows.length]![c]) writeCell(excelRow.getCell(c + 1), model, sheet, rows.length, c, undefined, placement);
    });
    excelRow.commit();
  }
  ws.addRow([]).commit();
  for (const note of [...(sheet.layout.footnotes ?? []), ...FOOTNOTES]) ws.addRow([safeText(note)]).commit();
  ws.commit();
  return rows.length;
}

function subtitle(model: WorkbookModel): string {
  const { context: ctx } = model;
  const [y, m, d] = ctx.asOf.split('-');
  const scope = ctx.jobcenterId ? `Jobcenter ${ctx.jobcenterId}` : 'alle Jobcenter';
  return safeText(`Zeitraum ${ctx.period} · ${scope} · Datenstand ${d}.${m}.${y}${model.provisional ? ' · vorläufig' : ''}`);
}

function groupSpans(columns: SheetModel['columns']): [number, number][] {
  const spans: [number, number][] = [];
  columns.forEach((c, i) => {
    const last = spans.at(-1);
    if (c.group && last && columns[last[1]]!.group === c.group && last[1] === i - 1) last[1] = i;
    else if (c.group) spans.push([i, i]);
  });
  return spans.filter(([a, b]) => b > a);
}

function writeCell(cell: ExcelJS.Cell, model: WorkbookModel, sheet: SheetModel, r: number, c: number, label: unknown, placement: Placement): void {
  const col = sheet.columns[c]!;
  const key = sheet.keys[r]![c];
  cell.style = PLAIN;
  if (!key) {
    if (label === null || label === undefined) return;
    if (label instanceof Date) {
      cell.value = label;
      cell.style = cellStyle(NUM_FMT[col.format] ?? NUM_FMT.date);
    } else if (typeof label === 'number' || typeof label === 'bigint') {
      cell.value = Number(label);
      cell.style = cellStyle(NUM_FMT[col.format]);
    } else {
      cell.value = safeText(String(label));
    }
    return;
  }
  const figure = model.figures.get(key);
  if (!figure || figure.value === null) return;
  const bold = r === sheet.rows.length;
  if (figure.hidden) {
    cell.value = figure.hidden === 'primary' ? PRIMARY_MARK : COMPLEMENT_MARK;
    cell.style = cellStyle(undefined, { bold, right: true });
    return;
  }
  const fmt = NUM_FMT[col.format];
  const styled = cellStyle(fmt, { bold });
  if (r === sheet.rows.length && col.total === 'ratio' && col.rateOf) {
    const [num, den] = col.rateOf.map((k) => sheet.columns.findIndex((x) => x.key === k)) as [number, number];
    const self = placement.get(sheet.layout.name)!;
    cell.value = { formula: `${addressOf({ row: r, col: num }, self)}/${addressOf({ row: r, col: den }, self)}`, result: figure.value } as ExcelJS.CellFormulaValue;
    cell.style = styled;
    return;
  }
  const sumOf = figure.sumOf?.get(sheet.layout.name);
  if (sumOf) {
    const partsHidden = sumOf.some((p) => isHidden(model, p));
    const formula = partsHidden ? undefined : formulaOver(sumOf, sheet.layout.name, placement);
    if (formula) {
      cell.value = { formula, result: figure.value } as ExcelJS.CellFormulaValue;
      cell.style = styled;
      return;
    }
    cell.value = figure.value;
    const marked = partsHidden ? TOTAL_AS_VALUE_FMT[col.format] : undefined;
    cell.style = marked ? cellStyle(marked, { bold }) : styled;
    return;
  }
  cell.value = figure.value;
  cell.style = styled;
}

const STYLES = new Map<string, Partial<ExcelJS.Style>>();

/**
 * One shared style object per combination: exceljs caches a style's index by object
 * identity, so sharing saves rendering every cell's style. Never mutate the result.
 */
function cellStyle(numFmt: string | undefined, options: { bold?: boolean; right?: boolean } = {}): Partial<ExcelJS.Style> {
  const id = `${numFmt ?? ''}|${options.bold ? 'b' : ''}|${options.right ? 'r' : ''}`;
  let style = STYLES.get(id);
  if (!style) {
    style = {
      ...(numFmt ? { numFmt } : {}),
      ...(options.bold ? { font: { bold: true } } : {}),
      ...(options.right ? { alignment: { horizontal: 'right' } } : {}),
    };
    STYLES.set(id, style);
  }
  return style;
}

/** The style of a cell or row without formatting (a cell gets a fresh `{}` otherwise, costing a style lookup each). */
const PLAIN = cellStyle(undefined);

/** exceljs' Row has a style (its cells start from a copy of it) that its typings leave out. */
function plainRow(row: ExcelJS.Row): ExcelJS.Row {
  (row as ExcelJS.Row & { style: Partial<ExcelJS.Style> }).style = PLAIN;
  return row;
}

function isHidden(model: WorkbookModel, pos: CellPos): boolean {
  const sheet = model.sheets.find((s) => s.layout.name === pos.sheet);
  const key = sheet?.keys[pos.row]?.[pos.col];
  return key ? Boolean(model.figures.get(key)?.hidden) : false;
}
