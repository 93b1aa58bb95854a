/**
 * Reads indicator rows for charts from mart.indicator_values. Suppression is applied here,
 * in SQL: a suppressed row leaves the database with null figures and s = 1, so a hidden
 * value is never in a dashboard's embedded data.
 */
import type { Db } from '../../pipelines/db/database.ts';
import { readRows } from './read.ts';
import { shownNumber } from './shown-number.ts';

/** One embedded indicator row (short keys keep the embedded JSON small). */
/** The figure columns every embedded row carries (short names keep the pages small). */
export interface FigureFields {
  n: number | null;
  d: number | null;
  v: number | null;
  lo: number | null;
  hi: number | null;
  s: 0 | 1;
  p: 0 | 1;
}

/**
 * The FigureFields as SQL select items: a suppressed row embeds no number at all (hiding it
 * in the chart alone would leave it in the page source); numbers as the charts round them
 * the way a return shows them (shown-number.ts).
 */
export const FIGURE_COLUMNS = `CASE WHEN NOT suppressed THEN numerator END AS n,
         CASE WHEN NOT suppressed THEN denominator END AS d,
         CASE WHEN NOT suppressed THEN ${shownNumber('value')} END AS v,
         CASE WHEN NOT suppressed THEN ${shownNumber('ci_low')} END AS lo,
         CASE WHEN NOT suppressed THEN ${shownNumber('ci_high')} END AS hi,
         suppressed::INTEGER AS s, provisional::INTEGER AS p`;

export interface IndicatorRow extends FigureFields, Record<string, unknown> {
  ind: string;
  /** Period as given ('2024', '2024-03', '2024-03-31'). */
  per: string;
  /** First day of the month for monthly and reference-date rows, else null. */
  date: string | null;
  yr: string;
  jc: string;
  ins: string;
  br: string;
}

export interface IndicatorQuery {
  readonly indicators: readonly string[];
  /** 'month' also reads 'stichtag' rows (month-end stocks may be stored either way). */
  readonly grain: 'month' | 'year' | 'stichtag';
  /** Restricts to one Jobcenter (per-Jobcenter dashboards); otherwise all and '*'. */
  readonly jobcenterId?: string;
  /** Only the whole-Jobcenter slice (instrument '*'), e.g. for activation. */
  readonly allInstrumentsOnly?: boolean;
}

const SQL = `
WITH picked AS (
  SELECT *, CASE WHEN period_type IN ('month', 'stichtag') THEN left(period, 7) || '-01' END AS month_start
  FROM mart.indicator_values
  WHERE list_contains(string_split($indicators, ','), indicator)
    AND list_contains(string_split($periodTypes, ','), period_type)
    AND provider_id = '*' AND measure_id = '*'
    AND ($jobcenter = '' OR jobcenter_id = $jobcenter)
    AND (NOT $allInstrumentsOnly OR instrument = '*')
),
deduplicated AS (
  -- a month-end stock stored both as month and as stichtag: keep the month row
  SELECT * FROM picked
  QUALIFY row_number() OVER (PARTITION BY indicator, coalesce(month_start, period), jobcenter_id, instrument, breakdown
                             ORDER BY period_type = 'month' DESC, period DESC) = 1
),
final AS (
  SELECT indicator AS ind, period AS per, month_start AS date, left(period, 4) AS yr,
         jobcenter_id AS jc, instrument AS ins, breakdown AS br,
         ${FIGURE_COLUMNS}
  FROM deduplicated
)
SELECT * FROM final ORDER BY ind, jc, ins, br, per`;

export async function loadIndicatorRows(db: Db, query: IndicatorQuery): Promise<IndicatorRow[]> {
  const periodTypes = query.grain === 'month' ? 'month,stichtag' : query.grain;
  return readRows<IndicatorRow>(db, SQL, {
    indicators: query.indicators.join(','),
    periodTypes,
    jobcenter: query.jobcenterId ?? '',
    allInstrumentsOnly: query.allInstrumentsOnly ?? false,
  });
}

/**
 * Each indicator's population (mart.indicator_catalogue: anchor date and unit, e.g. 'exit
 * participations'): figures of one population share their cells, so a public table hides
 * them alike (see data/totals-table.ts).
 */
export async function loadPopulations(db: Db): Promise<Readonly<Record<string, string>>> {
  const rows = await db.json<{ indicator: string; population: string }>(
    "SELECT indicator, anchor || ' ' || unit AS population FROM mart.indicator_catalogue",
  );
  return Object.fromEntries(rows.map((r) => [r.indicator, r.population]));
}
