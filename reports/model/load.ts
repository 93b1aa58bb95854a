/**
 * Reads what a layout needs from the marts: each sheet's rows (its own SQL) and the
 * mart.indicator_values figures its columns pick. Nothing is computed here.
 */
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Params, Row } from '../../pipelines/db/database.ts';
import type { ColumnLayout, Pick, SheetLayout } from '../layouts/types.ts';
import { queryParams, quarterLabel, type ReturnContext } from './context.ts';

export interface MartFigure {
  readonly value: number | null;
  readonly suppressed: boolean;
  readonly provisional: boolean;
}

/** A measure's figures by slot (MartFigures.slot). */
export interface MeasureFigures {
  readonly values: Float64Array;
  readonly flags: Uint8Array;
}

const PRESENT = 1;
const IS_NULL = 2;
const SUPPRESSED = 4;
const PROVISIONAL = 8;

/**
 * Figures by measure and pickSuffix(pick, period), stored as numbers: at 10^6 participations
 * a run reads ~400k of them and keeps them for all Jobcenter workbooks, where an object per
 * figure made every garbage collection walk them.
 */
export class MartFigures {
  readonly #slots = new Map<string, number>();
  readonly #byMeasure = new Map<string, MeasureFigures>();

  constructor(suffixes: readonly string[] = []) {
    for (const suffix of suffixes) if (!this.#slots.has(suffix)) this.#slots.set(suffix, this.#slots.size);
  }

  slot(suffix: string): number | undefined {
    return this.#slots.get(suffix);
  }

  set(measure: string, slot: number, value: number | null, suppressed: boolean, provisional: boolean): void {
    let m = this.#byMeasure.get(measure);
    if (!m) this.#byMeasure.set(measure, (m = { values: new Float64Array(this.#slots.size), flags: new Uint8Array(this.#slots.size) }));
    m.values[slot] = value ?? 0;
    m.flags[slot] = PRESENT | (value === null ? IS_NULL : 0) | (suppressed ? SUPPRESSED : 0) | (provisional ? PROVISIONAL : 0);
  }

  get(measure: string, suffix: string): MartFigure | undefined {
    return MartFigures.at(this.#byMeasure.get(measure), this.#slots.get(suffix));
  }

  /** One measure's figures, for reading several of them by slot (at): one lookup per row, not per cell. */
  of(measure: string): MeasureFigures | undefined {
    return this.#byMeasure.get(measure);
  }

  static at(m: MeasureFigures | undefined, slot: number | undefined): MartFigure | undefined {
    if (slot === undefined || !m) return undefined;
    const flags = m.flags[slot]!;
    if (!(flags & PRESENT)) return undefined;
    return { value: flags & IS_NULL ? null : m.values[slot]!, suppressed: Boolean(flags & SUPPRESSED), provisional: Boolean(flags & PROVISIONAL) };
  }
}

export function pickPeriod(pick: Pick, ctx: ReturnContext): { periodType: string; period: string } {
  if (pick.periodOf === 'year') return { periodType: 'year', period: ctx.year };
  if (pick.quarter) return { periodType: 'quarter', period: quarterLabel(ctx.year, pick.quarter) };
  return { periodType: ctx.periodType, period: ctx.period };
}

const SUFFIX_CODES = new Map<string, string>();

/**
 * The part of a pick key after the row key, the same for a whole column: a short code
 * ('#12') for (indicator, breakdown, field, period). Keys are hashed per cell, so short ones are cheap.
 */
export function pickSuffix(pick: Pick, period: string): string {
  const full = `${pick.indicator}|${pick.breakdown ?? '*'}|${pick.field ?? 'value'}|${period}`;
  let code = SUFFIX_CODES.get(full);
  if (code === undefined) SUFFIX_CODES.set(full, (code = `#${SUFFIX_CODES.size}`));
  return code;
}

/** `scope` is 'measure' for a measure's own figure, '<rows id>' for a total over a sheet's rows. */
export function suffixedKey(scope: string, rowKey: string, suffix: string): string {
  return `iv|${scope}|${rowKey}${suffix}`;
}

/** Columns of a quarterly layout after the return's quarter are not shown. */
export function visibleColumns(sheet: SheetLayout, ctx: ReturnContext): ColumnLayout[] {
  return sheet.columns.filter((c) => !c.pick?.quarter || ctx.quarter === undefined || c.pick.quarter <= ctx.quarter);
}

/** What the loaders need of a database: Db itself, or a second connection of it (mart-reader.ts). */
export interface Queryable {
  readonly connection: DuckDBConnection;
  all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]>;
}

export async function loadRows(db: Queryable, sheet: SheetLayout, ctx: ReturnContext): Promise<Row[]> {
  return db.all(sheet.rows.sql, { ...queryParams(sheet.rows.sql, ctx), ...sheet.rows.params });
}

type Field = 'value' | 'numerator' | 'denominator';

/** The query's result by column: one array per field converts much faster than an object per row. */
type FigureColumns = {
  readonly measure_id: string[];
  /** 1-based positions in the query's lists of (indicator|breakdown) and periods. */
  readonly k: number[];
  readonly p: number[];
  readonly numerator: (number | null)[];
  readonly denominator: (number | null)[];
  readonly value: (number | null)[];
  readonly suppressed: (boolean | null)[];
  readonly provisional: (boolean | null)[];
};

/**
 * One query: the picked figures of the listed measures (all measures when none are listed)
 * for the picks' periods, from mart.return_figures (the measure slice of
 * mart.indicator_values). Indicator, breakdown and period come back as list positions:
 * numbers convert far faster than strings.
 */
export async function loadMartFigures(db: Queryable, picks: readonly Pick[], periods: readonly string[], measures?: readonly string[]): Promise<MartFigures> {
  if (picks.length === 0 || periods.length === 0 || measures?.length === 0) return new MartFigures();
  // Only the fields some column picks.
  const wanted = new Map<string, Field[]>();
  for (const p of picks) {
    const id = `${p.indicator}|${p.breakdown ?? '*'}`;
    const fields = wanted.get(id) ?? [];
    if (!fields.includes(p.field ?? 'value')) fields.push(p.field ?? 'value');
    wanted.set(id, fields);
  }
  const combos = [...wanted.keys()];
  const result = await db.connection.runAndReadAll(
    `with wanted as (
       select measure_id, list_position($combos, indicator || '|' || breakdown)::integer as k, list_position($periods, period)::integer as p,
         numerator, denominator, value, suppressed, provisional
       from mart.return_figures
       where period in (select unnest($periods::varchar[])) and indicator in (select unnest($indicators::varchar[]))
         ${measures ? 'and measure_id in (select unnest($measures::varchar[]))' : ''}
     )
     select * from wanted where k is not null`,
    {
      combos: listValue(combos),
      periods: listValue([...periods]),
      indicators: listValue([...new Set(picks.map((p) => p.indicator))]),
      ...(measures ? { measures: listValue([...measures]) } : {}),
    },
  );
  // Slots per (combo, period) and field, built once rather than per row.
  const suffixes = combos.map((combo) => {
    const [indicator, breakdown] = combo.split('|') as [string, string];
    return periods.map((period) => wanted.get(combo)!.map((field): [Field, string] => [field, pickSuffix({ indicator, breakdown, field }, period)]));
  });
  const figures = new MartFigures(suffixes.flat(2).map(([, suffix]) => suffix));
  const slots = suffixes.map((byPeriod) => byPeriod.map((fields) => fields.map(([field, suffix]): [Field, number] => [field, figures.slot(suffix)!])));
  const columns = result.getColumnsObjectJS() as unknown as FigureColumns;
  const fieldValues: Record<Field, (number | null)[]> = { value: columns.value, numerator: columns.numerator, denominator: columns.denominator };
  for (let i = 0; i < columns.measure_id.length; i++) {
    const measure = columns.measure_id[i]!;
    const suppressed = Boolean(columns.suppressed[i]);
    const provisional = Boolean(columns.provisional[i]);
    for (const [field, slot] of slots[columns.k[i]! - 1]![columns.p[i]! - 1]!) figures.set(measure, slot, fieldValues[field][i] ?? null, suppressed, provisional);
  }
  return figures;
}
