/**
 * Complementary suppression for charts drawn as tables with totals: the mart's flag is
 * primary suppression; here every further cell that would let a reader recompute a hidden
 * one is emptied too (values set to null, flag c = 1). A reader has more than the sums of
 * one table (an attack on the ministry page with an integer solver pinned 77 hidden counts):
 * - the same cell in another table: exits are a count of their own and the denominator of
 *   six rates; so tables that differ only in `linkedBy` (the indicator) hide one pattern —
 *   those of one population (`population`: same units on the same anchor date, e.g. exits);
 *   referrals or final reports are other people's counts, and linking them too hid the
 *   whole sample ministry page, totals included (142 of 144 cells of 2024);
 * - the numerators as well as the denominators of a rate table add up: both are lines;
 * - a rate whose complement is small (9 of 10 completed: one did not) gives that count
 *   away: it is hidden like a small count;
 * - the '*' row and column are the lines' totals, so hidden parts pinned by their total
 *   (two hidden cells that must be 1 each) are found;
 * - hidden rates a line's totals give away as a group (their numerators add up to 0 or to
 *   their denominators: all 0 % or all 100 %, pinned-rates.ts) get one more cell hidden.
 */
import { tableSuppression, type SuppressionCell } from '../../pipelines/publish/suppression.ts';
import { type At, pinnedRateComplement } from '../../pipelines/publish/pinned-rates.ts';
import type { IndicatorRow } from './indicators.ts';
import { groupBy } from '../../pipelines/group-by.ts';

export interface TableRow extends IndicatorRow {
  /** 1 when hidden by complementary suppression. */
  c: 0 | 1;
}

export interface TableShape {
  /** Field whose values are the table's rows (e.g. 'jc'); '*' is the total row. */
  readonly rowKey: keyof IndicatorRow & string;
  /** Field whose values are the columns (e.g. 'ins'); omit for a one-column table. */
  readonly colKey?: keyof IndicatorRow & string;
  /** Fields that separate one table from another (indicator, year, ...). */
  readonly groupKeys: readonly (keyof IndicatorRow & string)[];
  /** Of the group keys, the one whose tables share cells (the indicator): they hide alike. */
  readonly linkedBy?: keyof IndicatorRow & string;
  /**
   * The population of a `linkedBy` value (mart.indicator_catalogue: anchor and unit): only
   * tables of one population share a pattern. Without it all tables are linked.
   */
  readonly population?: (linkedValue: string) => string;
}

/**
 * threshold: the marts' (mart.return_disclosure); counts 1..threshold-1 are hidden.
 * `forced`: rows whose cell is hidden from the start, with every table linked to it (the
 * cells that the returns of the same year would give back otherwise: reports/model/public-year.ts).
 */
export function suppressTables(rows: readonly IndicatorRow[], shape: TableShape, threshold: number, forced?: (r: IndicatorRow) => boolean): TableRow[] {
  const familyKeys = shape.groupKeys.filter((k) => k !== shape.linkedBy);
  const populationOf = (r: IndicatorRow): string => (shape.linkedBy && shape.population ? shape.population(String(r[shape.linkedBy])) : '');
  const families = groupBy(rows, (r) => JSON.stringify([...familyKeys.map((k) => r[k]), populationOf(r)]));
  const out: TableRow[] = [];
  for (const family of families.values()) {
    const rowValues = totalFirst(family.map((r) => String(r[shape.rowKey])));
    const colValues = shape.colKey ? totalFirst(family.map((r) => String(r[shape.colKey!]))) : ['*'];
    const cellKey = (r: IndicatorRow) => `${String(r[shape.rowKey])}\u0000${shape.colKey ? String(r[shape.colKey]) : '*'}`;
    const tables = [...groupBy(family, (r) => (shape.linkedBy ? String(r[shape.linkedBy]) : '')).values()];
    const hidden = new Set<string>();
    for (const r of family) if (r.s === 1 || smallComplement(r, threshold) || forced?.(r)) hidden.add(cellKey(r));
    const totals = { totalRow: rowValues.indexOf('*'), totalCol: shape.colKey ? colValues.indexOf('*') : -1 };
    for (let before = -1; before !== hidden.size; ) {
      before = hidden.size;
      for (const table of tables) {
        const cellOf = new Map(table.map((r) => [cellKey(r), r]));
        const isRateTable = table.some((r) => r.d !== null);
        const layer = (figure: (r: IndicatorRow) => number | null): SuppressionCell[][] =>
          rowValues.map((rv) =>
            colValues.map((cv) => {
              const r = cellOf.get(`${rv}\u0000${cv}`);
              // a count table's own primary cells are small counts (the published rule)
              return { value: r ? figure(r) : null, suppressed: r !== undefined && hidden.has(`${rv}\u0000${cv}`), small: !isRateTable && r?.s === 1 };
            }),
          );
        // The size of a cell: the denominator of a rate, the count of a count; then the
        // numerators and the units without the event, either of which a reader may find 0
        // (a hidden rate of 0 % or 100 %).
        const rest = (r: IndicatorRow) => (r.d !== null && r.n !== null ? r.d - r.n : null);
        const numerators = layer((r) => (r.d !== null ? r.n : null));
        const layers = [layer((r) => r.d ?? r.n), ...(isRateTable ? [numerators] : [])];
        const found = tableSuppression(layers, totals, threshold, isRateTable ? [numerators, layer(rest)] : []);
        rowValues.forEach((rv, i) => colValues.forEach((cv, j) => found[i]![j]! && cellOf.has(`${rv}\u0000${cv}`) && hidden.add(`${rv}\u0000${cv}`)));
        if (!isRateTable) continue;
        // hidden rates a line's totals give away together (all 0 % or all 100 %): one more cell each time
        const cells = rowValues.map((rv) => colValues.map((cv) => cellOf.get(`${rv}\u0000${cv}`)));
        const isHidden = ([i, j]: At) => hidden.has(`${rowValues[i]}\u0000${colValues[j]}`);
        for (let at = pinnedRateComplement(cells, isHidden, totals); at; at = pinnedRateComplement(cells, isHidden, totals)) {
          hidden.add(`${rowValues[at[0]]}\u0000${colValues[at[1]]}`);
        }
      }
    }
    for (const r of family) {
      const extra = hidden.has(cellKey(r)) && r.s === 0;
      out.push(extra ? { ...r, n: null, d: null, v: null, lo: null, hi: null, c: 1 } : { ...r, c: 0 });
    }
  }
  return out;
}

/** A rate whose units without the event number 1..threshold-1 tells that small count. */
function smallComplement(r: IndicatorRow, threshold: number): boolean {
  if (r.d === null || r.n === null || r.d === undefined || r.n === undefined) return false;
  const rest = r.d - r.n;
  return rest >= 1 && rest < threshold;
}

function totalFirst(values: readonly string[]): string[] {
  const distinct = [...new Set(values)];
  return distinct.includes('*') ? ['*', ...distinct.filter((v) => v !== '*')] : distinct;
}

