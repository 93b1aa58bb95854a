/**
 * Reads what a layout needs from the marts: each sheet's rows (its own SQL) and the
 * mart.indicator_values figures its columns pick. Nothing is computed here.
 */
import { listValue } from '@duckdb/node-api';
import type { Db, Row } from '../../pipelines/db/database.ts';
import type { ColumnLayout, Pick, SheetLayout } from '../layouts/types.ts';
import { queryParams, quarterLabel, type ReturnContext } from './context.ts';

export interface MartFigure {
  readonly value: number | null;
  readonly suppressed: boolean;
  readonly provisional: boolean;
}

/** Figures by pickKey(scope, measure, pick, period). */
export type MartFigures = Map<string, MartFigure>;

export function pickPeriod(pick: Pick, ctx: ReturnContext): { periodType: string; period: string } {
  if (pick.periodOf === 'year') return { periodType: 'year', period: ctx.year };
  if (pick.quarter) return { periodType: 'quarter', period: quarterLabel(ctx.year, pick.quarter) };
  return { periodType: ctx.periodType, period: ctx.period };
}

/** `scope` is 'measure' for a measure's own figure, '<rows id>' for a total over a sheet's rows. */
export function pickKey(scope: string, rowKey: string, pick: Pick, period: string): string {
  return suffixedKey(scope, rowKey, pickSuffix(pick, period));
}

/** The part of a pick key after the row key: the same for a whole column, so built once per column. */
export function pickSuffix(pick: Pick, period: string): string {
  return `|${pick.indicator}|${pick.breakdown ?? '*'}|${pick.field ?? 'value'}|${period}`;
}

export function suffixedKey(scope: string, rowKey: string, suffix: string): string {
  return `iv|${scope}|${rowKey}${suffix}`;
}

/** Columns of a quarterly layout after the return's quarter are not shown. */
export function visibleColumns(sheet: SheetLayout, ctx: ReturnContext): ColumnLayout[] {
  return sheet.columns.filter((c) => !c.pick?.quarter || ctx.quarter === undefined || c.pick.quarter <= ctx.quarter);
}

export async function loadRows(db: Db, sheet: SheetLayout, ctx: ReturnContext): Promise<Row[]> {
  return db.all(sheet.rows.sql, { ...queryParams(sheet.rows.sql, ctx), ...sheet.rows.params });
}

export type FigureRow = {
  readonly row_key: string;
  readonly indicator: string;
  readonly breakdown: string;
  readonly period: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly suppressed: boolean | null;
  readonly provisional: boolean | null;
};

/**
 * The figures of the listed measures (all measures when none are listed) for these
 * indicators and periods, from mart.return_figures (the measure slice of
 * mart.indicator_values, sorted so that these lookups read little).
 */
export async function loadFigureRows(db: Db, indicators: readonly string[], periods: readonly string[], measures?: readonly string[]): Promise<FigureRow[]> {
  return db.all<FigureRow>(
    `select measure_id as row_key, indicator, breakdown, period, numerator, denominator, value, suppressed, provisional
     from mart.return_figures
     where period in (select unnest($periods::varchar[])) and indicator in (select unnest($indicators::varchar[]))
       ${measures ? 'and measure_id in (select unnest($measures::varchar[]))' : ''}`,
    {
      indicators: listValue([...indicators]),
      periods: listValue([...periods]),
      ...(measures ? { measures: listValue([...measures]) } : {}),
    },
  );
}

/** The picked fields of figure rows, by pickKey('measure', ...). */
export function figuresOf(rows: Iterable<FigureRow>, picks: readonly Pick[]): MartFigures {
  const figures: MartFigures = new Map();
  // Only the fields some column picks (each key is a string built per row: keep them few).
  const wanted = new Map<string, ('value' | 'numerator' | 'denominator')[]>();
  for (const p of picks) {
    const id = `${p.indicator}|${p.breakdown ?? '*'}`;
    const fields = wanted.get(id) ?? [];
    if (!fields.includes(p.field ?? 'value')) fields.push(p.field ?? 'value');
    wanted.set(id, fields);
  }
  // Key suffixes per (indicator, breakdown, period), built once rather than per row.
  const suffixes = new Map<string, [field: 'value' | 'numerator' | 'denominator', suffix: string][]>();
  for (const r of rows) {
    const id = `${r.indicator}|${r.breakdown}|${r.period}`;
    let fields = suffixes.get(id);
    if (!fields) {
      fields = (wanted.get(`${r.indicator}|${r.breakdown}`) ?? []).map((field) => [field, pickSuffix({ indicator: r.indicator, breakdown: r.breakdown, field }, r.period)]);
      suffixes.set(id, fields);
    }
    for (const [field, suffix] of fields) {
      figures.set(suffixedKey('measure', r.row_key, suffix), { value: r[field], suppressed: Boolean(r.suppressed), provisional: Boolean(r.provisional) });
    }
  }
  return figures;
}
