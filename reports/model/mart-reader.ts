/**
 * The queries of one returns run. Without batching every workbook runs its own row and
 * figure queries (right for one workbook). With batching, the Jobcenter workbooks of a run
 * share them: a row query that names the field holding the Jobcenter (RowSource.jobcenterField)
 * runs once with $jobcenter NULL (= every Jobcenter) and is split by that field; a row query
 * without $jobcenter runs once; the picked figures are read once for all measures. At 40
 * Jobcenters this replaces ~160 queries by 4 (same rows, same order within a Jobcenter).
 * The shared queries run on a second connection and can be started early (prefetch), so
 * that DuckDB works on them while the earlier workbooks are assembled and written.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Db, Params, Row } from '../../pipelines/db/database.ts';
import type { Pick, SheetLayout, WorkbookLayout } from '../layouts/types.ts';
import { queryParams, type ReturnContext } from './context.ts';
import { loadMartFigures, loadRows, MartFigures, pickPeriod, visibleColumns, type Queryable } from './load.ts';
import { groupBy } from '../../pipelines/group-by.ts';

/** A second connection of the run's database (its queries run alongside the first one's). */
class SideConnection implements Queryable {
  constructor(readonly connection: DuckDBConnection) {}

  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJS() as T[];
  }
}

export class MartReader {
  readonly #rows = new Map<string, Promise<Map<string, Row[]> | Row[]>>();
  readonly #figures = new Map<string, Promise<MartFigures>>();
  #side?: Promise<SideConnection>;

  /** `batch`: share queries across the Jobcenter workbooks of the run (worth it for more than one). */
  constructor(
    readonly db: Db,
    readonly batch = false,
  ) {}

  #batched(ctx: ReturnContext): boolean {
    return this.batch && ctx.jobcenterId !== null;
  }

  #shared(): Promise<SideConnection> {
    this.#side ??= this.db.instance.connect().then((c) => new SideConnection(c));
    return this.#side;
  }

  /** Starts the queries the Jobcenter workbooks share (no-op without batching); failures surface when a workbook reads them. */
  prefetch(layout: WorkbookLayout, ctx: ReturnContext): void {
    if (!this.#batched(ctx)) return;
    const quiet = (p: Promise<unknown>): void => void p.catch(() => undefined);
    for (const sheet of layout.sheets) if (this.#shares(sheet)) quiet(this.rows(sheet, ctx));
    quiet(this.figures([], layout.sheets.flatMap((s) => visibleColumns(s, ctx).flatMap((c) => (c.pick ? [c.pick] : []))), ctx));
  }

  /** Closes the second connection once its queries have settled. */
  async close(): Promise<void> {
    if (!this.#side) return;
    await Promise.allSettled([...this.#rows.values(), ...this.#figures.values()]);
    (await this.#side).connection.closeSync();
  }

  /** A row query the Jobcenter workbooks can share: split by its Jobcenter field, or the same for all. */
  #shares(sheet: SheetLayout): boolean {
    return Boolean(sheet.rows.jobcenterField) || !/\$jobcenter\b/.test(sheet.rows.sql);
  }

  async rows(sheet: SheetLayout, ctx: ReturnContext): Promise<Row[]> {
    const { sql, jobcenterField } = sheet.rows;
    const perJobcenter = /\$jobcenter\b/.test(sql);
    if (!this.#batched(ctx) || !this.#shares(sheet)) return loadRows(this.db, sheet, ctx);
    const all: ReturnContext = { ...ctx, jobcenterId: null };
    const key = JSON.stringify([sql, sheet.rows.params ?? {}, queryParams(sql, all)]);
    let cached = this.#rows.get(key);
    if (!cached) {
      cached = this.#shared().then((side) => loadRows(side, sheet, all)).then((rows) => (jobcenterField && perJobcenter ? groupBy(rows, (r) => String(r[jobcenterField])) : rows));
      this.#rows.set(key, cached);
    }
    const rows = await cached;
    return Array.isArray(rows) ? rows : (rows.get(ctx.jobcenterId!) ?? []);
  }

  async figures(measures: readonly string[], picks: readonly Pick[], ctx: ReturnContext): Promise<MartFigures> {
    const periods = [...new Set(picks.map((p) => pickPeriod(p, ctx).period))].sort();
    if (!this.#batched(ctx)) return measures.length ? loadMartFigures(this.db, picks, periods, measures) : new MartFigures();
    // All measures' figures once; each workbook looks up only its own measures.
    const key = JSON.stringify([[...new Set(picks.map((p) => `${p.indicator}|${p.breakdown ?? '*'}|${p.field ?? 'value'}`))].sort(), periods]);
    let cached = this.#figures.get(key);
    if (!cached) {
      cached = this.#shared().then((side) => loadMartFigures(side, picks, periods));
      this.#figures.set(key, cached);
    }
    return cached;
  }
}

