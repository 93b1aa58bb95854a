/**
 * The queries of one returns run. Without batching every workbook runs its own row and
 * figure queries (right for one workbook). With batching, the Jobcenter workbooks of a run
 * share them: a row query that names the field holding the Jobcenter (RowSource.jobcenterField)
 * runs once with $jobcenter NULL (= every Jobcenter) and is split by that field; a row query
 * without $jobcenter runs once; the picked figures are read once for all measures. At 40
 * Jobcenters this replaces ~160 queries by 4 (same rows, same order within a Jobcenter).
 */
import type { Db, Row } from '../../pipelines/db/database.ts';
import type { Pick, SheetLayout } from '../layouts/types.ts';
import { queryParams, type ReturnContext } from './context.ts';
import { loadMartFigures, loadRows, pickPeriod, type MartFigures } from './load.ts';

export class MartReader {
  readonly #rows = new Map<string, Promise<Map<string, Row[]> | Row[]>>();
  readonly #figures = new Map<string, Promise<MartFigures>>();

  /** `batch`: share queries across the Jobcenter workbooks of the run (worth it for more than one). */
  constructor(
    readonly db: Db,
    readonly batch = false,
  ) {}

  #batched(ctx: ReturnContext): boolean {
    return this.batch && ctx.jobcenterId !== null;
  }

  async rows(sheet: SheetLayout, ctx: ReturnContext): Promise<Row[]> {
    const { sql, jobcenterField } = sheet.rows;
    const perJobcenter = /\$jobcenter\b/.test(sql);
    if (!this.#batched(ctx) || (perJobcenter && !jobcenterField)) return loadRows(this.db, sheet, ctx);
    const all: ReturnContext = { ...ctx, jobcenterId: null };
    const key = JSON.stringify([sql, sheet.rows.params ?? {}, queryParams(sql, all)]);
    let cached = this.#rows.get(key);
    if (!cached) {
      cached = loadRows(this.db, sheet, all).then((rows) => (jobcenterField && perJobcenter ? groupBy(rows, (r) => String(r[jobcenterField])) : rows));
      this.#rows.set(key, cached);
    }
    const rows = await cached;
    return Array.isArray(rows) ? rows : (rows.get(ctx.jobcenterId!) ?? []);
  }

  async figures(measures: readonly string[], picks: readonly Pick[], ctx: ReturnContext): Promise<MartFigures> {
    const periods = [...new Set(picks.map((p) => pickPeriod(p, ctx).period))].sort();
    if (!this.#batched(ctx)) return loadMartFigures(this.db, picks, periods, measures);
    // All measures' figures once; each workbook looks up only its own measures.
    const key = JSON.stringify([[...new Set(picks.map((p) => `${p.indicator}|${p.breakdown ?? '*'}|${p.field ?? 'value'}`))].sort(), periods]);
    let cached = this.#figures.get(key);
    if (!cached) {
      cached = loadMartFigures(this.db, picks, periods);
      this.#figures.set(key, cached);
    }
    return cached;
  }
}

/** Groups keep the rows' order. */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
