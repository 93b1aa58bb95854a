/**
 * The measures with overdue final reports at the data's cut-off, for a Jobcenter's own
 * controlling page: whom to chase, not only how many. The count is the catalogue's
 * `reports_overdue` (measure slice, stichtag at as-of); the measure's Jobcenter, provider and
 * instrument come from mart.return_measures (the mart's measure rows leave them '*').
 */
import type { Db } from '../../pipelines/db/database.ts';
import { FIGURE_COLUMNS, type FigureFields, type IndicatorRow } from './indicators.ts';
import { readRows } from './read.ts';

/**
 * Measures embedded per Jobcenter, and per Jobcenter × instrument (the page's instrument
 * filter): at 10^6 participations a Jobcenter has ~700 measures with an overdue report; the
 * complete list is the quarterly workbook's sheet „Überfällige Berichte“.
 */
export const OVERDUE_MEASURES = 20;

export interface OverdueRow extends FigureFields, Record<string, unknown> {
  /** '*' for a line under the list. */
  mea: string;
  jc: string;
  ins: string;
  /** The measure's provider; '*' on a total row. */
  prv: string;
  /** A line under the list ('*' rows): 'more' counts the measures with a shown count, 'hidden' those with a hidden one. */
  k: 'more' | 'hidden' | null;
  /** On a line: its number of measures (null on a measure's row). */
  of: number | null;
  /** The measure's place in its Jobcenter's list and in its Jobcenter × instrument's (0 on a line). */
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
  -- the most overdue first, among the shown counts: a hidden one (1..threshold-1) is counted
  -- in a line of its own, not listed (15 of a list's 20 rows read "• unterdrückt")
  SELECT *,
    row_number() OVER (PARTITION BY measure_jc ORDER BY numerator DESC, measure_id) AS rank_jobcenter,
    row_number() OVER (PARTITION BY measure_jc, measure_ins ORDER BY numerator DESC, measure_id) AS rank_instrument
  FROM measures
  WHERE NOT suppressed
),
picked AS (
  SELECT * FROM ranked WHERE rank_jobcenter <= $limit OR rank_instrument <= $limit
),
lines AS (
  -- per Jobcenter, over all instruments and per instrument (the filter's choice): how many
  -- measures have a shown count, how many a hidden one
  SELECT measure_jc, CASE WHEN GROUPING(measure_ins) = 1 THEN '*' ELSE measure_ins END AS measure_ins, max(period) AS period,
    (count(*) FILTER (WHERE NOT suppressed))::INTEGER AS shown, (count(*) FILTER (WHERE suppressed))::INTEGER AS hidden
  FROM measures
  GROUP BY GROUPING SETS ((measure_jc), (measure_jc, measure_ins))
  -- a measure missing from the measures file has no instrument ('*'): in the Jobcenter's lines only
  HAVING NOT (GROUPING(measure_ins) = 0 AND measure_ins = '*')
),
final AS (
  SELECT measure_id AS mea, measure_jc AS jc, measure_ins AS ins, measure_prv AS prv, period AS per,
         NULL::VARCHAR AS k, NULL::INTEGER AS of, rank_jobcenter::INTEGER AS rj, rank_instrument::INTEGER AS ri, ${FIGURE_COLUMNS}
  FROM picked
  UNION ALL
  SELECT '*', measure_jc, measure_ins, '*', period, 'more', shown, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 FROM lines
  UNION ALL
  SELECT '*', measure_jc, measure_ins, '*', period, 'hidden', hidden, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 FROM lines
)
SELECT * FROM final ORDER BY jc, ins, mea, k`; // k: the two lines of one list share the rest (one order, one page, run after run)

export async function loadOverdueRows(db: Db): Promise<OverdueRow[]> {
  return readRows<OverdueRow>(db, SQL, { limit: OVERDUE_MEASURES });
}

/**
 * The overdue counts per Jobcenter × instrument at the cut-off, from the monthly rows: the
 * overall controlling page leaves that slice out (page size), but its overdue chart follows
 * Jobcenter and instrument chosen together: one row per pair, of one date only.
 */
export function overdueJobcenterInstrument(month: readonly IndicatorRow[]): IndicatorRow[] {
  const rows = month.filter((r) => r.ind === 'reports_overdue' && r.br === '*' && r.jc !== '*' && r.ins !== '*');
  const cutoff = rows.reduce((latest, r) => (r.per > latest ? r.per : latest), '');
  return rows.filter((r) => r.per === cutoff);
}
