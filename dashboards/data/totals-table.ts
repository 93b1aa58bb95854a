/**
 * Complementary suppression for charts drawn as tables with totals: the mart's flag is
 * primary suppression; here every further cell that would let a reader recompute a
 * hidden one from a total is emptied too (values set to null, flag c = 1).
 */
import { complementarySuppression } from '../../pipelines/publish/suppression.ts';
import type { IndicatorRow } from './indicators.ts';

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
}

export function suppressTables(rows: readonly IndicatorRow[], shape: TableShape): TableRow[] {
  const groups = new Map<string, IndicatorRow[]>();
  for (const row of rows) {
    const key = JSON.stringify(shape.groupKeys.map((k) => row[k]));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const out: TableRow[] = [];
  for (const group of groups.values()) {
    const rowValues = [...new Set(group.map((r) => String(r[shape.rowKey])))];
    const colValues = shape.colKey ? [...new Set(group.map((r) => String(r[shape.colKey!])))] : ['*'];
    const cellOf = new Map(group.map((r) => [`${String(r[shape.rowKey])}\u0000${shape.colKey ? String(r[shape.colKey]) : '*'}`, r]));
    const matrix = rowValues.map((rv) =>
      colValues.map((cv) => {
        const r = cellOf.get(`${rv}\u0000${cv}`);
        // The size of a cell: the denominator of a rate, the count of a count.
        return { value: r ? (r.d ?? r.n) : null, suppressed: r ? r.s === 1 : false };
      }),
    );
    const hidden = complementarySuppression(matrix);
    rowValues.forEach((rv, i) =>
      colValues.forEach((cv, j) => {
        const r = cellOf.get(`${rv}\u0000${cv}`);
        if (!r) return;
        const extra = hidden[i]![j]! && r.s === 0;
        out.push(extra ? { ...r, n: null, d: null, v: null, lo: null, hi: null, c: 1 } : { ...r, c: 0 });
      }),
    );
  }
  return out;
}
