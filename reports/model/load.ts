/**
 * Reads what a layout needs from the marts: each sheet's rows (its own SQL) and the
 * mart.indicator_values figures its columns pick. Nothing is computed here.
 */
import { listValue } from '@duckdb/node-api';
import type { Db, Row } from '../../pipelines/db/database.ts';
import type { ColumnLayout, Pick, SheetLayout } from '../layouts/types.ts';
import { queryParams, quarterLabel, type ReturnContext } from './context.ts';

export interface MartFigure {
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly suppressed: boolean;
  readonly provisional: boolean;
}

/** Figures by pickKey(slice, rowKey, pick, period). */
export type MartFigures = Map<string, MartFigure>;

export function pickPeriod(pick: Pick, ctx: ReturnContext): { periodType: string; period: string } {
  if (pick.periodOf === 'year') return { periodType: 'year', period: ctx.year };
  if (pick.quarter) return { periodType: 'quarter', period: quarterLabel(ctx.year, pick.quarter) };
  return { periodType: ctx.periodType, period: ctx.period };
}

export function pickKey(slice: string, rowKey: string, pick: Pick, period: string): string {
  return ['iv', slice, rowKey, pick.indicator, pick.breakdown ?? '*', pick.field ?? 'value', period].join('|');
}

/** Columns of a quarterly layout after the return's quarter are not shown. */
export function visibleColumns(sheet: SheetLayout, ctx: ReturnContext): ColumnLayout[] {
  return sheet.columns.filter((c) => !c.pick?.quarter || ctx.quarter === undefined || c.pick.quarter <= ctx.quarter);
}

export async function loadRows(db: Db, sheet: SheetLayout, ctx: ReturnContext): Promise<Row[]> {
  return db.all(sheet.rows.sql, { ...queryParams(sheet.rows.sql, ctx), ...sheet.rows.params });
}

/**
 * The picked figures of one slice (e.g. every measure: measure_id set, the other slice
 * columns '*'), for the indicators and periods the columns ask for.
 */
export async function loadMartFigures(db: Db, slice: string, picks: readonly Pick[], ctx: ReturnContext): Promise<MartFigures> {
  const figures: MartFigures = new Map();
  if (picks.length === 0) return figures;
  const indicators = [...new Set(picks.map((p) => p.indicator))];
  const periods = [...new Set(picks.map((p) => pickPeriod(p, ctx).period))];
  const sliceColumns = ['jobcenter_id', 'provider_id', 'instrument', 'measure_id'];
  const others = sliceColumns.filter((c) => c !== slice);
  // Identifiers come from this fixed list, never from input; values are bound.
  const rows = await db.all<{
    row_key: string;
    indicator: string;
    breakdown: string;
    period: string;
    numerator: number | null;
    denominator: number | null;
    value: number | null;
    suppressed: boolean | null;
    provisional: boolean | null;
  }>(
    `select "${slice}" as row_key, indicator, breakdown, period, numerator, denominator, value, suppressed, provisional
     from mart.indicator_values
     where indicator in (select unnest($indicators::varchar[])) and period in (select unnest($periods::varchar[]))
       and "${slice}" <> '*' and ${others.map((c) => `"${c}" = '*'`).join(' and ')}`,
    { indicators: listValue(indicators), periods: listValue(periods) },
  );
  for (const r of rows) {
    for (const field of ['value', 'numerator', 'denominator'] as const) {
      const key = pickKey(slice, r.row_key, { indicator: r.indicator, breakdown: r.breakdown, field }, r.period);
      figures.set(key, {
        numerator: r.numerator,
        denominator: r.denominator,
        value: r[field],
        suppressed: Boolean(r.suppressed),
        provisional: Boolean(r.provisional),
      });
    }
  }
  return figures;
}
