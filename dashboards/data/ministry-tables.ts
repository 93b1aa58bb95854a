/**
 * The ministry page's yearly tables as published: Jobcenters × instruments with their
 * totals, suppressed as one pattern per population (totals-table.ts). Shared by the page
 * and by the one suppression over a year's public outputs (reports/model/public-year.ts),
 * which must see the very cells the page hides.
 */
import type { IndicatorRow } from './indicators.ts';
import { suppressTables, type TableRow } from './totals-table.ts';

/** A page cell named for `forced` sets: year, Jobcenter, instrument, indicator. */
export function pageCellKey(r: Pick<IndicatorRow, 'yr' | 'jc' | 'ins' | 'ind'>): string {
  return `${r.yr}\u0000${r.jc}\u0000${r.ins}\u0000${r.ind}`;
}

/**
 * `populations`: indicator → population (mart.indicator_catalogue); without it every table
 * of a year is linked (safe, but it hides far more). `forced`: page cells (pageCellKey) hidden
 * from the start.
 */
export function ministryYearTables(
  year: readonly IndicatorRow[],
  populations: Readonly<Record<string, string>> | undefined,
  threshold: number,
  forced: ReadonlySet<string> = new Set(),
): TableRow[] {
  const population = populations ? (ind: string) => populations[ind] ?? ind : undefined;
  const isForced = forced.size ? (r: IndicatorRow) => forced.has(pageCellKey(r)) : undefined;
  return suppressTables(year, { rowKey: 'jc', colKey: 'ins', groupKeys: ['ind', 'yr', 'br'], linkedBy: 'ind', ...(population ? { population } : {}) }, threshold, isForced);
}
