/**
 * The denominators of the monthly rate trends as counts of their own. The mart flags a
 * rate row as a whole: 3 dropouts among 15 exits hide the rate and, in the row, the 15
 * exits too, though 15 is no small count. The bars under a trend read these rows instead:
 * a denominator is hidden only when it is itself 1..threshold-1, and a hidden one carries
 * no number (d null, s = 1), like every suppressed row. A month without exits has no
 * dropout rate (0 denominator) but an `exits` row of 0: its bar is that 0, so the month is
 * in the chart's table as a month without exits rather than left out; likewise the
 * timeliness of reports once the month's last exit day is 14 days back (its denominator:
 * the exits whose 14 days are over).
 */
import type { Db } from '../../pipelines/db/database.ts';
import { readRows } from './read.ts';

export interface DenominatorRow extends Record<string, unknown> {
  /** The rate whose denominator this is. */
  ind: string;
  per: string;
  date: string;
  yr: string;
  jc: string;
  ins: string;
  br: string;
  d: number | null;
  s: 0 | 1;
  p: 0 | 1;
}

// The threshold the marts were built with (mart.return_disclosure), so the bars hide
// exactly the counts the mart's rule calls small.
const SQL = `
WITH rule AS (SELECT suppression_threshold AS t FROM mart.return_disclosure),
picked AS (
  SELECT v.*, v.denominator >= 1 AND v.denominator < rule.t AS small
  FROM mart.indicator_values v, rule
  WHERE list_contains(string_split($indicators, ','), v.indicator)
    AND v.period_type = 'month' AND v.provider_id = '*' AND v.measure_id = '*' AND v.breakdown = '*'
  UNION ALL BY NAME
  -- the rate's denominator is this count (once its window is over): where it is 0 the rate has no row
  SELECT v.* REPLACE (r.rate AS indicator, v.numerator AS denominator), false AS small
  FROM mart.indicator_values v
  JOIN (VALUES ('dropout_rate', 0), ('report_on_time_rate', 14)) AS r(rate, window_days)
    ON list_contains(string_split($indicators, ','), r.rate)
  WHERE v.indicator = 'exits' AND v.numerator = 0
    AND v.period_type = 'month' AND v.provider_id = '*' AND v.measure_id = '*' AND v.breakdown = '*'
    AND last_day(CAST(v.period || '-01' AS DATE)) + r.window_days <= v.as_of
),
final AS (
  SELECT indicator AS ind, period AS per, period || '-01' AS date, left(period, 4) AS yr,
         jobcenter_id AS jc, instrument AS ins, '*' AS br,
         CASE WHEN NOT small THEN denominator END AS d,
         small::INTEGER AS s, provisional::INTEGER AS p
  FROM picked
)
SELECT * FROM final ORDER BY ind, jc, ins, per`;

export async function loadDenominators(db: Db, indicators: readonly string[]): Promise<DenominatorRow[]> {
  return readRows<DenominatorRow>(db, SQL, { indicators: indicators.join(',') });
}
