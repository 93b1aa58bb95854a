/**
 * The measures with overdue final reports at the data's cut-off, for a Jobcenter's own
 * controlling page: whom to chase, not only how many. The count is the catalogue's
 * `reports_overdue` (measure slice, stichtag at as-of); the measure's Jobcenter, provider and
 * instrument come from mart.return_measures (the mart's measure rows leave them '*').
 */
import type { Db } from '../../pipelines/db/database.ts';
import { FIGURE_COLUMNS, type FigureFields } from './indicators.ts';
import { readRows } from './read.ts';

/**
 * Measures embedded per Jobcenter, and per Jobcenter × instrument (the page's instrument
 * filter): at 10^6 participations a Jobcenter has ~700 measures with an overdue report; the
 * complete list is the quarterly workbook's sheet „Überfällige Berichte“.
 */
export const OVERDUE_MEASURES = 20;

export interface OverdueRow extends FigureFields, Record<string, unknown> {
  /** '*' for the Jobcenter's (or the Jobcenter × instrument's) total. */
  mea: string;
  jc: string;
  ins: string;
  /** The measure's provider; '*' on a total row. */
  prv: string;
  /** On a total row: the measures with an overdue report it counts (null on a measure's row). */
  of: number | null;
  /** The measure's place in its Jobcenter's list and in its Jobcenter × instrument's (0 on a total row). */
  rj: number;
  ri: number;
}

const SQL = `
WITH cutoff AS (
  SELECT max(period) AS period FROM mart.indicator_values
  WHERE indicator = 'reports_overdue' AND period_type = 'stichtag'
),
counts AS (
  SELECT v.*, coalesce(nullif(v.jobcenter_id, '*'), m.jobcenter_id, '*') AS measure_jc,
         coalesce(nullif(v.instrument, '*'), m.instrument, '*') AS measure_ins,
         coalesce(m.provider_id, '*') AS measure_prv
  FROM mart.indicator_values AS v
  LEFT JOIN mart.return_measures AS m USING (measure_id)
  WHERE v.indicator = 'reports_overdue' AND v.period_type = 'stichtag' AND v.breakdown = '*'
    AND v.period = (SELECT period FROM cutoff) AND v.provider_id = '*'
),
measures AS (
  -- the measures to chase: a count of 0 is a row of the mart but nothing to do
  SELECT * FROM counts WHERE measure_id <> '*' AND numerator > 0
),
ranked AS (
  -- the most overdue first; hidden counts (1..threshold-1) after every shown one and among
  -- themselves by measure number, so that their order tells nothing of their size
  SELECT *,
    row_number() OVER (PARTITION BY measure_jc ORDER BY suppressed, CASE WHEN NOT suppressed THEN numerator END DESC, measure_id) AS rank_jobcenter,
    row_number() OVER (PARTITION BY measure_jc, measure_ins ORDER BY suppressed, CASE WHEN NOT suppressed THEN numerator END DESC, measure_id) AS rank_instrument
  FROM measures
),
picked AS (
  SELECT * FROM ranked WHERE rank_jobcenter <= $limit OR rank_instrument <= $limit
),
totals AS (
  -- each Jobcenter's count, over all instruments and per instrument (the filter's choice)
  SELECT t.*, coalesce(m.n, 0)::INTEGER AS measures_with_overdue
  FROM counts AS t
  LEFT JOIN (SELECT measure_jc, NULL AS measure_ins, count(*) AS n FROM measures GROUP BY measure_jc
             UNION ALL SELECT measure_jc, measure_ins, count(*) FROM measures GROUP BY ALL) AS m
    ON m.measure_jc = t.jobcenter_id AND m.measure_ins IS NOT DISTINCT FROM nullif(t.instrument, '*')
  WHERE t.measure_id = '*' AND t.jobcenter_id <> '*'
),
final AS (
  SELECT measure_id AS mea, measure_jc AS jc, measure_ins AS ins, measure_prv AS prv, period AS per,
         NULL::INTEGER AS of, rank_jobcenter::INTEGER AS rj, rank_instrument::INTEGER AS ri, ${FIGURE_COLUMNS}
  FROM picked
  UNION ALL
  SELECT '*', jobcenter_id, instrument, '*', period, measures_with_overdue, 0, 0, ${FIGURE_COLUMNS}
  FROM totals
)
SELECT * FROM final ORDER BY jc, ins, mea`;

export async function loadOverdueRows(db: Db): Promise<OverdueRow[]> {
  return readRows<OverdueRow>(db, SQL, { limit: OVERDUE_MEASURES });
}
