/** What one workbook is written for: period, scope, cut-off, disclosure threshold. */
import type { PeriodType } from '../layouts/types.ts';

export interface ReturnContext {
  readonly periodType: PeriodType;
  /** '2024' or '2024-Q3'. */
  readonly period: string;
  readonly year: string;
  /** 1..4 for quarterly workbooks. */
  readonly quarter?: number;
  /** null = all Jobcenters (state-wide). */
  readonly jobcenterId: string | null;
  /** 'YYYY-MM-DD' of the marts. */
  readonly asOf: string;
  readonly threshold: number;
  /**
   * The period is final by the 3-month rule alone (its last day ≤ mart.return_disclosure.last_final_day);
   * for sheets of row-query figures without a window (SheetLayout.provisionalBy). Unset: unknown.
   */
  readonly periodFinal?: boolean;
}

/** The mart period label of quarter q of the context's year. */
export function quarterLabel(year: string, q: number): string {
  return `${year}-Q${q}`;
}

/**
 * The period as a reader of the return reads it: "Q3 2026" (the quarter columns say Q1..Q4),
 * a year as it is. '2026-Q3' is the marts' and the file names' sortable key, not German text.
 */
export function periodText(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  return quarter ? `Q${quarter[2]} ${quarter[1]}` : period;
}

/** Named parameters a row query may use; only the ones it mentions are bound. */
export function queryParams(sql: string, ctx: ReturnContext): Record<string, string | null> {
  const all: Record<string, string | null> = {
    period: ctx.period,
    year: ctx.year,
    jobcenter: ctx.jobcenterId,
    as_of: ctx.asOf,
  };
  const used: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(all)) if (new RegExp(`\\$${name}\\b`).test(sql)) used[name] = value;
  return used;
}
