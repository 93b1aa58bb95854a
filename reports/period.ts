/**
 * Which period a return covers when none is given: the latest complete year (its 31 Dec on
 * or before as-of) for annual returns, the latest complete quarter for the quarterly
 * workbook — each only if the marts have figures for it, else the latest period they have.
 */
import type { Db } from '../pipelines/db/database.ts';
import type { PeriodType } from './layouts/types.ts';
import type { ReturnContext } from './model/context.ts';

export interface ReturnSettings {
  readonly asOf: string;
  readonly threshold: number;
  /** mart.return_disclosure.last_final_day: a period ending on or before it is final (null: marts built before it existed). */
  readonly lastFinalDay: string | null;
}

export async function loadSettings(db: Db): Promise<ReturnSettings> {
  const built = await db.scalar("select count(*) from information_schema.tables where table_schema = 'mart' and table_name = 'return_disclosure'");
  if (!built) throw new Error('The marts are not built yet (no model build in this database): run `almp run` (models, then returns) first.');
  const row = await db.json<{ as_of: string | null; suppression_threshold: number; last_final_day?: string | null }>(
    'select * from mart.return_disclosure',
  );
  const asOf = row[0]?.as_of ?? (await db.json<{ a: string | null }>('select max(as_of) as a from mart.indicator_values'))[0]?.a;
  if (!asOf) throw new Error('The marts hold no as-of date: run `almp run` (or build the models) before writing returns.');
  return { asOf, threshold: row[0]?.suppression_threshold ?? 5, lastFinalDay: row[0]?.last_final_day ?? null };
}

/** What a workbook of `period` is written for: one place, so every caller judges finality alike. */
export function periodContext(settings: ReturnSettings, periodType: PeriodType, period: string, jobcenterId: string | null): ReturnContext {
  return {
    periodType,
    period,
    year: period.slice(0, 4),
    quarter: periodType === 'quarter' ? Number(period.slice(-1)) : undefined,
    asOf: settings.asOf,
    threshold: settings.threshold,
    jobcenterId,
    ...(settings.lastFinalDay ? { periodFinal: periodLastDay(period) <= settings.lastFinalDay } : {}),
  };
}

/** The last day of a year ('2025') or quarter ('2025-Q3'), ISO. */
export function periodLastDay(period: string): string {
  const y = Number(period.slice(0, 4));
  const month = period.length === 4 ? 12 : Number(period.slice(-1)) * 3;
  return new Date(Date.UTC(y, month, 0)).toISOString().slice(0, 10);
}

async function latestPeriod(db: Db, periodType: 'year' | 'quarter', completeBy: string): Promise<string | undefined> {
  const rows = await db.json<{ complete: string | null; any: string | null }>(
    `select max(period) filter (where last_day <= $asof::date) as complete, max(period) as any
     from (select distinct period,
             case when $pt = 'year' then make_date(cast(period as integer), 12, 31)
                  else last_day(make_date(cast(left(period, 4) as integer), cast(right(period, 1) as integer) * 3, 1)) end as last_day
           from mart.indicator_values where period_type = $pt)`,
    { pt: periodType, asof: completeBy },
  );
  return rows[0]?.complete ?? rows[0]?.any ?? undefined;
}

export async function resolvePeriods(db: Db, asOf: string, period?: string): Promise<{ year: string; quarter: string }> {
  if (period && /^\d{4}-Q[1-4]$/.test(period)) return { year: period.slice(0, 4), quarter: period };
  if (period && /^\d{4}$/.test(period)) {
    // A whole year: its last complete quarter (Q4 once the year is over).
    const latest = await latestPeriod(db, 'quarter', asOf);
    const quarter = latest && latest.startsWith(period) ? latest : `${period}-Q4`;
    return { year: period, quarter };
  }
  if (period) throw new Error(`'${period}' is not a period like 2024 or 2024-Q3`);
  const year = (await latestPeriod(db, 'year', asOf)) ?? asOf.slice(0, 4);
  const quarter = (await latestPeriod(db, 'quarter', asOf)) ?? `${year}-Q4`;
  return { year, quarter };
}
