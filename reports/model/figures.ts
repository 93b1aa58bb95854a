/**
 * A workbook's figures before disclosure control: every number cell refers to a figure
 * (keyed, so a figure shown on two sheets is hidden on both or neither), the additive
 * relations become lines, the rates depend on their counts. assemble.ts decides what is hidden.
 */
import type { Row } from '../../pipelines/db/database.ts';
import { isSmallCount, type Dependent, type Line } from '../../pipelines/publish/suppression.ts';
import type { ColumnLayout, SheetLayout, WorkbookLayout } from '../layouts/types.ts';
import type { ReturnContext } from './context.ts';
import { MartFigures, pickPeriod, pickSuffix, suffixedKey, visibleColumns } from './load.ts';
import type { MartReader } from './mart-reader.ts';
import { addGroupLines, addSheetLines, rowKeyOf, TOTAL_ROW, type HomedLine } from './lines.ts';
import type { FigureModel, SheetModel, WorkbookModel } from './assemble.ts';

/** Whether any column holds a figure (else the sheet lists labels only: the Verzeichnis). */
export function hasFigures(sheet: SheetLayout): boolean {
  return sheet.columns.some((c) => c.label === undefined);
}

/**
 * A rate the mart hides while neither its numerator nor its denominator is a small count is
 * hidden by another of its rule's counts (indicators.md: an occupancy or attendance rate of
 * 1–4 participations or monthly reports, however many days they sum): shown beside it, the
 * two counts gave it back (10^4 state return: 06412-0215, 32 participant-days of 1,440
 * place-days, occupancy „.“). Its numerator is then hidden as a primary cell, so the
 * column's total gets its complement like any other. So also beside a rate over 0 (no value,
 * the mart's row kept for its count): the 180 participant-days of two people in a measure of
 * 0 places are days of 1–4 people all the same.
 */
function hideNumeratorOfHiddenRate(rate: FigureModel | undefined, num: FigureModel | undefined, den: FigureModel | undefined): void {
  if (rate?.primary && num && num.value !== null && !num.primary && !den?.primary) num.primary = true;
}

/** A count without a value counted nothing (0); any other missing figure does not exist (ColumnLayout.missing). */
function missingIsZero(c: ColumnLayout): boolean {
  return (c.missing ?? (c.format === 'count' ? 'zero' : 'none')) === 'zero';
}

/**
 * Per column: the figure key of a row (undefined for label cells); the constant parts are
 * built once. `suffix` is the column's pickSuffix ('' without a pick).
 */
function keyMaker(sheet: SheetLayout, col: ColumnLayout, suffix: string): (rowKey: string) => string | undefined {
  // Totals are sums (or ratios of sums) over this sheet's row set, so they are keyed by it.
  let total: string | undefined;
  if (col.total === 'ratio' && col.rateOf) total = [sheet.rows.id, TOTAL_ROW, col.key].join('|');
  else if (col.total === 'sum' && col.pick) total = suffixedKey(sheet.rows.id, TOTAL_ROW, suffix);
  else if (col.total === 'sum' && col.field) total = [sheet.rows.id, TOTAL_ROW, col.field].join('|');
  const prefix = `${sheet.rows.id}|`;
  const fieldSuffix = `|${col.field}`;
  const body = col.pick
    ? (rowKey: string) => suffixedKey('measure', rowKey, suffix)
    : col.field
      ? (rowKey: string) => prefix + rowKey + fieldSuffix
      : () => undefined;
  return (rowKey) => (rowKey === TOTAL_ROW ? total : body(rowKey));
}

/** What a body cell's figure is taken from, the same for the whole column; undefined for labels. */
function columnSource(sheet: SheetLayout, col: ColumnLayout, ctx: ReturnContext): string | undefined {
  if (col.pick) return `pick${pickSuffix(col.pick, pickPeriod(col.pick, ctx).period)}`;
  if (col.field) return `field|${sheet.rows.id}|${col.field}`;
  return undefined;
}


/** Everything but disclosure control: the figures, the lines over them and the rates that depend on them. */
export async function assembleFigures(reader: MartReader, layout: WorkbookLayout, ctx: ReturnContext): Promise<{ model: WorkbookModel; dependents: Dependent[] }> {
  const figures = new Map<string, FigureModel>();
  const lines: HomedLine[] = [];
  const boundLines: Line[] = [];
  const dependents: Dependent[] = [];
  const sheets: SheetModel[] = [];
  let provisional = false;

  const loaded: { sheetLayout: SheetLayout; columns: ColumnLayout[]; rows: Row[] }[] = [];
  // Sheets that share a row source (same id, same rows) run its query once.
  const rowsById = new Map<string, Row[]>();
  for (const sheetLayout of layout.sheets) {
    const id = sheetLayout.rows.id;
    if (!rowsById.has(id)) rowsById.set(id, await reader.rows(sheetLayout, ctx));
    loaded.push({ sheetLayout, columns: visibleColumns(sheetLayout, ctx), rows: rowsById.get(id)! });
  }
  // Picks are the measure's own figures: row_key is the measure id on every sheet that picks.
  const pickSheets = loaded.filter((l) => l.columns.some((c) => c.pick));
  const mart: MartFigures = await reader.figures(
    [...new Set(pickSheets.flatMap((l) => l.rows.map(rowKeyOf)))],
    pickSheets.flatMap((l) => l.columns.flatMap((c) => (c.pick ? [c.pick] : []))),
    ctx,
  );

  // A body key can only come up twice where the same column source (pick or row-query field)
  // is on several sheets: only those columns look their keys up before registering.
  const sourceCount = new Map<string, number>();
  for (const { sheetLayout, columns } of loaded) {
    for (const c of columns) {
      const source = columnSource(sheetLayout, c, ctx);
      if (source) sourceCount.set(source, (sourceCount.get(source) ?? 0) + 1);
    }
  }

  for (const { sheetLayout, columns, rows } of loaded) {
    const hasTotalRow = columns.some((c) => c.total);
    const repeated = columns.map((c) => (sourceCount.get(columnSource(sheetLayout, c, ctx) ?? '') ?? 0) > 1);
    const rowKeys = [...rows.map(rowKeyOf), ...(hasTotalRow ? [TOTAL_ROW] : [])];
    const suffixes = columns.map((c) => (c.pick ? pickSuffix(c.pick, pickPeriod(c.pick, ctx).period) : ''));
    const makers = columns.map((c, i) => keyMaker(sheetLayout, c, suffixes[i]!));
    const keys = rowKeys.map((rk) => makers.map((make) => make(rk)));
    const zero = columns.map(missingIsZero);

    // Register the body figures (first registration of a key wins: same key, same figure).
    const cells: (FigureModel | undefined)[][] = rowKeys.map(() => new Array(columns.length));
    const slots = suffixes.map((suffix) => mart.slot(suffix));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const cellRow = cells[r]!;
      const measure = mart.of(rowKeys[r]!);
      for (let c = 0; c < columns.length; c++) {
        const col = columns[c]!;
        const key = keys[r]![c];
        if (!key) continue;
        let figure = repeated[c] ? figures.get(key) : undefined;
        if (!figure && col.pick) {
          const m = MartFigures.at(measure, slots[c]);
          provisional ||= Boolean(m?.provisional);
          const value = m ? m.value : zero[c] ? 0 : null;
          const primary = col.format === 'count' ? isSmallCount(value, ctx.threshold) || (col.pick.field ?? 'value') === 'value' && Boolean(m?.suppressed) : Boolean(m?.suppressed);
          figure = { key, value, primary, provisional: m?.provisional };
          figures.set(key, figure);
        } else if (!figure && col.field) {
          const raw = row[col.field];
          const value = raw === null || raw === undefined ? (zero[c] ? 0 : null) : Number(raw);
          const primary = col.suppressedField ? Boolean(row[col.suppressedField]) : col.format === 'count' && isSmallCount(value, ctx.threshold);
          figure = { key, value, primary, ...(sheetLayout.provisionalField ? { provisional: Boolean(row[sheetLayout.provisionalField]) } : {}) };
          figures.set(key, figure);
        }
        cellRow[c] = figure;
      }
    }

    const sheetName = sheetLayout.name;
    const colIndex = (k: string): number => columns.findIndex((c) => c.key === k);
    if (hasTotalRow) {
      const t = rows.length;
      columns.forEach((col, c) => {
        const totalKey = keys[t]![c];
        if (!totalKey) return;
        if (col.total === 'sum') {
          const partKeys = rows.map((_, r) => keys[r]![c]!).filter(Boolean);
          const values = rows.map((_, r) => cells[r]![c]?.value).filter((v): v is number => v !== null && v !== undefined);
          // A sum over figures that do not exist does not exist either ('–', not 0); over no
          // rows at all it is a count of nothing (no ESF+ measure in the year: 0 participants).
          const value = values.length ? values.reduce((a, b) => a + b, 0) : rows.length || !zero[c] ? null : 0;
          if (!figures.has(totalKey)) figures.set(totalKey, { key: totalKey, value, primary: isSmallCount(value, ctx.threshold) });
          lines.push({ total: totalKey, parts: partKeys, at: rows.map((_, r) => ({ sheet: sheetName, row: r, col: c })), home: sheetName });
        }
      });
    }
    // Rates: hidden with their numerator or denominator; the total row's rate is their ratio.
    columns.forEach((col, c) => {
      if (!col.rateOf) return;
      const [num, den] = col.rateOf.map(colIndex) as [number, number];
      rowKeys.forEach((_, r) => {
        const key = keys[r]![c];
        const on = [keys[r]![num], keys[r]![den]].filter((k): k is string => Boolean(k));
        if (!key) return;
        if (r < rows.length) hideNumeratorOfHiddenRate(cells[r]![c], cells[r]![num], cells[r]![den]);
        if (r === rows.length && !figures.has(key)) {
          const n = figures.get(on[0] ?? '')?.value;
          const d = figures.get(on[1] ?? '')?.value;
          figures.set(key, { key, value: d ? (n ?? 0) / d : null, primary: false });
        }
        dependents.push({ key, on });
      });
    });
    // Rates shown without their counts, and their denominators: hidden with the counts they are a share of or among (ColumnLayout.hiddenWith).
    // Columns that name the same counts share each row's list of their keys.
    const countKeys = new Map<string, string[][]>();
    columns.forEach((col, c) => {
      if (!col.hiddenWith || !col.pick) return;
      const { quarter, periodOf } = col.pick;
      const suffixes = col.hiddenWith.map((p) => {
        const pick = { ...p, ...(quarter ? { quarter } : {}), ...(periodOf ? { periodOf } : {}) };
        return pickSuffix(pick, pickPeriod(pick, ctx).period);
      });
      const signature = suffixes.join('');
      let onRow = countKeys.get(signature);
      if (!onRow) countKeys.set(signature, (onRow = rows.map((_, r) => suffixes.map((s) => suffixedKey('measure', rowKeys[r]!, s)))));
      // a count of 0 beside hidden ones gives nothing back (every count is at least 0), and the
      // cover says zeros are shown: the denominator 0 of a rate whose window is still open
      const zeroCount = (key: string) => col.format === 'count' && figures.get(key)?.value === 0;
      rows.forEach((_, r) => {
        const key = keys[r]![c];
        if (key && !zeroCount(key)) dependents.push({ key, on: onRow[r]! });
      });
    });
    // Counts among the units of a figure shown under another name (ColumnLayout.within).
    columns.forEach((col, c) => {
      if (!col.within || !col.pick) return;
      const within = { ...col.within, ...(col.pick.quarter ? { quarter: col.pick.quarter } : {}), ...(col.pick.periodOf ? { periodOf: col.pick.periodOf } : {}) };
      const suffix = pickSuffix(within, pickPeriod(within, ctx).period);
      rowKeys.forEach((rk, r) => {
        const key = keys[r]![c];
        const total = rk === TOTAL_ROW ? suffixedKey(sheetLayout.rows.id, TOTAL_ROW, suffix) : suffixedKey('measure', rk, suffix);
        if (key) boundLines.push({ total, parts: [key], bound: true });
      });
    });
    // within each row: exact sums (also written as SUM formulas) and bounds (suppression only)
    const rowLinesOf = (specs: SheetLayout['rowLines'], emit: (r: number, total: string, pcs: number[]) => void) => {
      for (const spec of specs ?? []) {
        const tc = colIndex(spec.total);
        const pcs = spec.parts.map(colIndex).filter((i) => i >= 0);
        if (tc < 0) continue;
        rowKeys.forEach((_, r) => {
          const total = keys[r]![tc];
          if (total) emit(r, total, pcs);
        });
      }
    };
    rowLinesOf(sheetLayout.rowLines, (r, total, pcs) =>
      lines.push({ total, parts: pcs.map((pc) => keys[r]![pc]!).filter(Boolean), at: pcs.map((pc) => ({ sheet: sheetName, row: r, col: pc })), home: sheetName }),
    );
    rowLinesOf(sheetLayout.boundLines, (r, total, pcs) => boundLines.push({ total, parts: pcs.map((pc) => keys[r]![pc]!).filter(Boolean), bound: true }));
    // counts on the Datenstand are what they are on that day: nothing to wait for; a list of
    // names (Verzeichnis) has no figure that could change
    const byPeriod = sheetLayout.periodOf === 'as-of' || !hasFigures(sheetLayout) ? false : sheetLayout.provisionalBy === 'period' && ctx.periodFinal !== undefined ? !ctx.periodFinal : undefined;
    provisional ||= Boolean(byPeriod);
    sheets.push({ layout: sheetLayout, columns, rows, keys, cells, hasTotalRow, ...(byPeriod === undefined ? {} : { provisional: byPeriod }) });
  }
  // The total rows' figures exist now (sums and ratios above).
  for (const sheet of sheets) {
    if (!sheet.hasTotalRow) continue;
    const t = sheet.rows.length;
    sheet.keys[t]!.forEach((key, c) => {
      if (key) sheet.cells[t]![c] ??= figures.get(key);
    });
  }

  addSheetLines(layout, sheets, lines);
  addGroupLines(sheets, ctx, boundLines, figures);
  const all = [...lines, ...boundLines];
  for (const line of lines) {
    const f = figures.get(line.total);
    if (!f) continue;
    f.sumOf ??= new Map();
    if (!f.sumOf.has(line.home)) f.sumOf.set(line.home, line.at);
  }
  return { model: { layout, context: ctx, sheets, figures, lines: all, provisional }, dependents };
}
