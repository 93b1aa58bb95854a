/**
 * Measure-level indicator rows for the portfolio comparison. A measure's Jobcenter and
 * instrument are taken from its own slice columns or, where the mart leaves them '*',
 * from mart.return_measures (a lookup of attributes, not a figure); its provider from there.
 * Not from the measure rows of mart.dropout_funnel: a lot without an exit has none, and the
 * emptiest lots (a new contract, nobody out yet) read "· * · Träger *" and fell out of every
 * Jobcenter or instrument selection.
 */
import type { Db } from '../../pipelines/db/database.ts';
import { FIGURE_COLUMNS, type FigureFields } from './indicators.ts';
import { readRows } from './read.ts';

/**
 * Measures embedded: the largest (by exits, last three years) overall, per Jobcenter, per
 * instrument and per Jobcenter × instrument, so that every selection of the page's filters
 * has its own largest measures (the 30 largest overall were all of two instruments). Per
 * Jobcenter × instrument only 2: at 10^6 participations (41 Jobcenters × 12 instruments)
 * 10 each made the page 14 MB; a Jobcenter's own measures are its controlling data.
 */
export const MEASURES_PER_JOBCENTER = 15;
export const MEASURES_OVERALL = 30;
export const MEASURES_PER_INSTRUMENT = 30;
export const MEASURES_PER_JOBCENTER_INSTRUMENT = 2;
/**
 * And the emptiest: the lots with the lowest occupancy of each year, overall, per Jobcenter
 * and per instrument (10), per Jobcenter × instrument (2) — the largest lots are the
 * well-filled ones.
 */
export const LOWEST_OCCUPANCY = 10;
/** Rows counting the lots without any participation in the year (n), per year, Jobcenter and instrument ('*' = all). */
export const ZERO_LOTS = 'occupancy_zero_lots';

export interface MeasureRow extends FigureFields, Record<string, unknown> {
  ind: string;
  yr: string;
  mea: string;
  jc: string;
  ins: string;
  /** The measure's provider (row labels: whom a lot is bought from). */
  prv: string;
  /** Always '*': measure rows are not broken down (kept so chart filters read alike). */
  br: string;
}

const SQL = `
WITH attributes AS (
  -- every measure with a participation, one row each
  SELECT measure_id, jobcenter_id, instrument, provider_id FROM mart.return_measures
),
picked AS (
  SELECT v.*, coalesce(nullif(v.jobcenter_id, '*'), a.jobcenter_id, '*') AS measure_jc,
         coalesce(nullif(v.instrument, '*'), a.instrument, '*') AS measure_ins,
         coalesce(a.provider_id, '*') AS measure_prv
  FROM mart.indicator_values v LEFT JOIN attributes a USING (measure_id)
  WHERE v.measure_id <> '*' AND v.period_type = 'year' AND v.breakdown = '*'
    AND list_contains(string_split($indicators, ','), v.indicator)
),
recent AS (
  -- the last three years are enough for planning and keep the page small
  SELECT * FROM picked
  WHERE ($jobcenter = '' OR measure_jc = $jobcenter)
    AND try_cast(period AS INTEGER) > (SELECT max(try_cast(period AS INTEGER)) FROM picked) - 3
),
sizes AS (
  -- which measures to show (not a figure that is shown): those with the most exits,
  -- per Jobcenter and overall; 10^6 participations are ~28,000 measures
  SELECT measure_id, measure_jc, measure_ins, sum(denominator) AS exits
  FROM recent WHERE indicator = 'dropout_rate' GROUP BY ALL
),
emptiest AS (
  -- the lowest occupancy above 0 of each year and selection (which measures to show, not a
  -- figure): at 10^6 participations 1,844 lots of 2025 had no participation at all, and the
  -- ten "lowest" were ten of them by number; those are counted instead (zero_lots)
  SELECT measure_id FROM recent
  WHERE indicator = 'occupancy_rate' AND NOT suppressed AND value > 0
  QUALIFY row_number() OVER (PARTITION BY period ORDER BY value, measure_id) <= $lowest
       OR row_number() OVER (PARTITION BY period, measure_jc ORDER BY value, measure_id) <= $lowest
       OR row_number() OVER (PARTITION BY period, measure_ins ORDER BY value, measure_id) <= $lowest
       OR row_number() OVER (PARTITION BY period, measure_jc, measure_ins ORDER BY value, measure_id) <= $perJobcenterInstrument
),
largest AS (
  SELECT measure_id FROM sizes
  QUALIFY row_number() OVER (PARTITION BY measure_jc ORDER BY exits DESC, measure_id) <= $perJobcenter
       OR row_number() OVER (ORDER BY exits DESC, measure_id) <= $overall
       OR row_number() OVER (PARTITION BY measure_ins ORDER BY exits DESC, measure_id) <= $perInstrument
       OR row_number() OVER (PARTITION BY measure_jc, measure_ins ORDER BY exits DESC, measure_id) <= $perJobcenterInstrument
),
zero_lots AS (
  -- lots without a participation day in the year, per year and selection ('*': all). A lot
  -- nobody was ever referred to is not in mart.return_measures: its Jobcenter and instrument
  -- are unknown ('*'), so it counts in the totals only (GROUPING tells a total from such a group)
  SELECT period,
    CASE WHEN GROUPING(measure_jc) = 1 THEN '*' ELSE measure_jc END AS measure_jc,
    CASE WHEN GROUPING(measure_ins) = 1 THEN '*' ELSE measure_ins END AS measure_ins,
    count(*) AS lots
  FROM recent
  WHERE indicator = 'occupancy_rate' AND NOT suppressed AND value = 0
  GROUP BY GROUPING SETS ((period), (period, measure_jc), (period, measure_ins), (period, measure_jc, measure_ins))
  HAVING NOT (GROUPING(measure_jc) = 0 AND measure_jc = '*') AND NOT (GROUPING(measure_ins) = 0 AND measure_ins = '*')
),
final AS (
  SELECT indicator AS ind, period AS yr, measure_id AS mea, measure_jc AS jc, measure_ins AS ins, measure_prv AS prv, '*' AS br,
         ${FIGURE_COLUMNS}
  FROM recent
  -- the largest with every figure (the comparison table), the emptiest with their
  -- occupancy (the lowest-occupancy chart) and costs (the cost chart shows the page's
  -- measures: a lot without an exit yet has costs but is never among the largest): at 10^6
  -- participations all figures of both made the portfolio page 14 MB
  WHERE measure_id IN (SELECT measure_id FROM largest)
     OR (indicator IN ('occupancy_rate', 'cost_per_participant', 'cost_per_successful_exit') AND measure_id IN (SELECT measure_id FROM emptiest))
  UNION ALL
  -- a count of lots, not of people: nothing to hide
  SELECT '${ZERO_LOTS}', period, '*', measure_jc, measure_ins, '*', '*', lots, NULL, lots, NULL, NULL, 0, 0
  FROM zero_lots
)
SELECT * FROM final ORDER BY ind, yr, mea, jc, ins`; // jc, ins: the lots' counts per selection share the rest (one order, one page, run after run)

export async function loadMeasureRows(db: Db, indicators: readonly string[], jobcenterId?: string): Promise<MeasureRow[]> {
  return readRows<MeasureRow>(db, SQL, {
    indicators: indicators.join(','),
    jobcenter: jobcenterId ?? '',
    perJobcenter: MEASURES_PER_JOBCENTER,
    overall: MEASURES_OVERALL,
    perInstrument: MEASURES_PER_INSTRUMENT,
    perJobcenterInstrument: MEASURES_PER_JOBCENTER_INSTRUMENT,
    lowest: LOWEST_OCCUPANCY,
  });
}
