/**
 * Additive relations between sheets of a workbook, for disclosure control: the same cell
 * summed over sheets (ESF+ genders), and a row's figure that adds up rows of another sheet
 * (a provider's year exits over its measures' quarterly exits).
 */
import type { Row } from '../../pipelines/db/database.ts';
import type { Line } from '../../pipelines/publish/suppression.ts';
import type { ColumnLayout, WorkbookLayout } from '../layouts/types.ts';
import { periodLastDay } from '../period.ts';
import type { CellPos, FigureModel, SheetModel } from './assemble.ts';
import type { ReturnContext } from './context.ts';

/** A line plus where its parts sit and the sheet whose total cell may be their SUM formula. */
export type HomedLine = Line & { at: CellPos[]; home: string };

/** The row key of a sheet's total row. */
export const TOTAL_ROW = '*TOTAL*';

export function rowKeyOf(row: Row): string {
  return String(row['row_key'] ?? '');
}

/** A count: rates are not additive (a line over them became a SUM of the genders' rates on the total sheet). */
const isAdditiveColumn = (c: ColumnLayout): boolean => Boolean(c.pick || c.field) && c.format === 'count';

/** Cross-sheet lines: the same row key and column on the part sheets add up to the total sheet. */
export function addSheetLines(layout: WorkbookLayout, sheets: SheetModel[], lines: HomedLine[]): void {
  for (const sl of layout.sheetLines ?? []) {
    const total = sheets.find((s) => s.layout.name === sl.total);
    const parts = sl.parts.map((n) => sheets.find((s) => s.layout.name === n)).filter((s): s is SheetModel => Boolean(s));
    if (!total) continue;
    const indexes = new Map(parts.map((p) => [p, new Map(p.rows.map((r, i) => [rowKeyOf(r), i]))]));
    const rowIndex = (s: SheetModel, rk: string): number => (rk === TOTAL_ROW ? (s.hasTotalRow ? s.rows.length : -1) : indexes.get(s)!.get(rk) ?? -1);
    const columnIndexes = new Map(parts.map((p) => [p, new Map(p.columns.map((c, i) => [c.key, i]))]));
    const rowKeys = [...total.rows.map(rowKeyOf), ...(total.hasTotalRow ? [TOTAL_ROW] : [])];
    rowKeys.forEach((rk, r) => {
      total.columns.forEach((col, c) => {
        const totalKey = total.keys[r]![c];
        if (!totalKey || !isAdditiveColumn(col)) return;
        const at: CellPos[] = [];
        const keys: string[] = [];
        for (const p of parts) {
          const pr = rowIndex(p, rk);
          const pc = columnIndexes.get(p)!.get(col.key) ?? -1;
          const key = pr >= 0 && pc >= 0 ? p.keys[pr]![pc] : undefined;
          if (!key) continue;
          at.push({ sheet: p.layout.name, row: pr, col: pc });
          keys.push(key);
        }
        lines.push({ total: totalKey, parts: keys, at, home: total.layout.name });
      });
    });
  }
}

/**
 * Group lines (SheetLayout.groupLines): a row's figure is the sum of the `parts` columns over
 * the rows of another sheet whose field `by` is this row's key. A year figure over the
 * quarters of a quarterly workbook is that sum only once no later quarter has data (Q4, or
 * the Datenstand in the workbook's quarter); before, the later months are in it: a bound.
 *
 * The groups together are all rows of the other sheet: their figures (and the rows of no
 * group) add up to the parts columns' total row, a figure no sheet shows but every reader can
 * add (the providers' observed dropouts, all visible but one, against the quarters' totals
 * gave that one back: 384 − 380 = 4, and its four hidden quarters 1 each). It is registered in
 * `figures` as a visible figure with two lines, so that one hidden group figure calls for a
 * complement like any line's; hiding it as a complement hides a total of the other sheet.
 */
export function addGroupLines(sheets: SheetModel[], ctx: ReturnContext, lines: Line[], figures: Map<string, FigureModel>): void {
  const wholeYear = ctx.quarter === undefined || ctx.quarter === 4 || ctx.asOf <= periodLastDay(ctx.period);
  for (const sheet of sheets) {
    for (const spec of sheet.layout.groupLines ?? []) {
      const from = sheets.find((s) => s.layout.name === spec.sheet);
      const tc = sheet.columns.findIndex((c) => c.key === spec.total);
      if (!from || tc < 0) continue;
      const pcs = spec.parts.map((k) => from.columns.findIndex((c) => c.key === k)).filter((i) => i >= 0);
      const groups = new Map<string, string[]>();
      from.rows.forEach((row, r) => {
        const group = String(row[spec.by] ?? '');
        const keys = pcs.map((pc) => from.keys[r]![pc]).filter((k): k is string => Boolean(k));
        const list = groups.get(group);
        if (list) list.push(...keys);
        else groups.set(group, keys);
      });
      const bound = sheet.layout.periodOf === 'year' && !wholeYear;
      const totals: string[] = [];
      sheet.rows.forEach((row, r) => {
        const total = sheet.keys[r]![tc];
        if (total) lines.push({ total, parts: groups.get(rowKeyOf(row)) ?? [], ...(bound ? { bound } : {}) });
        if (total) totals.push(total);
        groups.delete(rowKeyOf(row));
      });
      // while only a bound, the groups' sum is no figure a reader has
      if (!bound) addWholeLine(from, pcs, [...totals, ...[...groups.values()].flat()], lines, figures);
    }
  }
}

/** The figure Σ of `from`'s total row over the columns `pcs`, as the sum of `parts` too (addGroupLines). */
function addWholeLine(from: SheetModel, pcs: number[], parts: string[], lines: Line[], figures: Map<string, FigureModel>): void {
  if (!from.hasTotalRow || !pcs.length) return;
  const totalRow = pcs.map((pc) => from.keys[from.rows.length]![pc]);
  if (totalRow.some((k) => !k || !figures.has(k))) return;
  const columns = totalRow as string[];
  const key = [from.layout.rows.id, TOTAL_ROW, pcs.map((pc) => from.columns[pc]!.key).join('+')].join('|');
  if (!figures.has(key)) figures.set(key, { key, value: columns.reduce((n, k) => n + (figures.get(k)!.value ?? 0), 0), primary: false });
  lines.push({ total: key, parts: columns }, { total: key, parts });
}
