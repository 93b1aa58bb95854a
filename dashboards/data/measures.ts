/**
 * Measure-level indicator rows for the portfolio comparison. A measure's Jobcenter and
 * instrument are taken from its own slice columns or, where the mart leaves them '*',
 * from the measure rows of mart.dropout_funnel (a lookup of attributes, not a figure).
 */
import type { Db } from '../../pipelines/db/database.ts';

export interface MeasureRow extends Record<string, unknown> {
  ind: string;
  yr: string;
  mea: string;
  jc: string;
  ins: string;
  /** Always '*': measure rows are not broken down (kept so chart filters read alike). */
  br: string;
  n: number | null;
  d: number | null;
  v: number | null;
  lo: number | null;
  hi: number | null;
  s: 0 | 1;
  p: 0 | 1;
}

const SQL = `
WITH attributes AS (
  -- any_value skips NULLs: the first row that names the Jobcenter / instrument wins
  SELECT measure_id, any_value(nullif(jobcenter_id, '*')) AS jobcenter_id, any_value(nullif(instrument, '*')) AS instrument
  FROM mart.dropout_funnel WHERE level = 'measure' GROUP BY measure_id
),
picked AS (
  SELECT v.*, coalesce(nullif(v.jobcenter_id, '*'), a.jobcenter_id, '*') AS measure_jc,
         coalesce(nullif(v.instrument, '*'), a.instrument, '*') AS measure_ins
  FROM mart.indicator_values v LEFT JOIN attributes a USING (measure_id)
  WHERE v.measure_id <> '*' AND v.period_type = 'year' AND v.breakdown = '*'
    AND list_contains(string_split($indicators, ','), v.indicator)
),
final AS (
  SELECT indicator AS ind, period AS yr, measure_id AS mea, measure_jc AS jc, measure_ins AS ins, '*' AS br,
         CASE WHEN NOT suppressed THEN numerator END AS n,
         CASE WHEN NOT suppressed THEN denominator END AS d,
         CASE WHEN NOT suppressed THEN round(value, 5) END AS v,
         CASE WHEN NOT suppressed THEN round(ci_low, 5) END AS lo,
         CASE WHEN NOT suppressed THEN round(ci_high, 5) END AS hi,
         suppressed::INTEGER AS s, provisional::INTEGER AS p
  FROM picked
  WHERE ($jobcenter = '' OR measure_jc = $jobcenter)
    -- the last three years are enough for planning and keep the page small
    AND try_cast(period AS INTEGER) > (SELECT max(try_cast(period AS INTEGER)) FROM picked) - 3
)
SELECT * FROM final ORDER BY ind, yr, mea`;

export async function loadMeasureRows(db: Db, indicators: readonly string[], jobcenterId?: string): Promise<MeasureRow[]> {
  return db.json<MeasureRow>(SQL, { indicators: indicators.join(','), jobcenter: jobcenterId ?? '' });
}
