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
}

/** The mart period label of quarter q of the context's year. */
export function quarterLabel(year: string, q: number): string {
  return `${year}-Q${q}`;
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
