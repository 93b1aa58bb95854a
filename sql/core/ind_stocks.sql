-- core.ind_stocks: stock counts on reference dates, by slice.
-- Grain: indicator × reference date × slice. Unit: participations.
-- Depends: core.participation_months, core.participations, staging.attendance.
-- participants_active (stichtag): participations active on the last day of each month ≤
--   as-of (entry ≤ day ≤ exit, or no exit).
-- at_risk_participants (period type month, counted at its last day): those of them whose
--   attendance that month is below 80 % of the planned days or that have ≥ 3 unexcused
--   days; one without an attendance report for the month is not at risk. Like the other
--   stocks it has the measure slice at quarter ends only (core.keeps_slice). Wherever
--   participants are active it has a row, 0 if none is at risk.
-- reports_overdue (stichtag as-of): exits with no final report and more than 14 days since
--   the exit; a row, 0 if none, for every slice with such an exit more than 14 days ago.
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_stocks AS
-- risky months first, then the participation active at that month's end (entry ≤ end ≤
-- exit, end ≤ as-of): an equi-join on person and measure, no month expansion
WITH risky AS (
  SELECT participant_id, measure_id, last_day(month) AS month_end
  FROM staging.attendance
  WHERE ((days_planned > 0 AND days_present < 0.8 * days_planned) OR days_unexcused >= 3)
    AND last_day(month) <= getvariable('as_of')
),

-- counted: 1 for a unit of the indicator, 0 for one that only makes its slice's row exist
units AS (
  SELECT 'participants_active' AS indicator, last_day(month) AS period_start,
    jobcenter_id, provider_id, instrument, core.measure_key(measure_id, 'stichtag', last_day(month)) AS measure_id, 1 AS counted
  FROM core.participation_months
  WHERE active_at_month_end
  UNION ALL
  SELECT 'reports_overdue', getvariable('as_of'),
    jobcenter_id, provider_id, instrument, measure_id, (NOT has_report)::INTEGER
  FROM core.participations
  WHERE exit_date IS NOT NULL AND getvariable('as_of') - exit_date > 14
  UNION ALL
  SELECT 'at_risk_participants', r.month_end,
    p.jobcenter_id, p.provider_id, p.instrument, core.measure_key(p.measure_id, 'stichtag', r.month_end), 1
  FROM risky AS r
  JOIN core.participations AS p
    ON p.participant_id = r.participant_id AND p.measure_id = r.measure_id
  WHERE p.entry_date <= r.month_end AND (p.exit_date IS NULL OR p.exit_date >= r.month_end)
),

-- counted at the finest slice grain first: GROUPING SETS then run over cells, not units
unit_cells AS (
  SELECT indicator, period_start AS stock_day, jobcenter_id, provider_id, instrument, measure_id, sum(counted) AS n
  FROM units
  GROUP BY ALL
),

-- the at-risk count of every cell with active participants, 0 where none is at risk
cells AS (
  SELECT * FROM unit_cells
  UNION ALL
  SELECT 'at_risk_participants', stock_day, jobcenter_id, provider_id, instrument, measure_id, 0
  FROM unit_cells
  WHERE indicator = 'participants_active'
),

final AS (
  SELECT
    indicator, '*' AS breakdown,
    CASE WHEN indicator = 'at_risk_participants' THEN 'month' ELSE 'stichtag' END AS period_type,
    CASE WHEN indicator = 'at_risk_participants' THEN date_trunc('month', stock_day)::DATE ELSE stock_day END AS period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    sum(n)::DOUBLE AS numerator,
    NULL::DOUBLE AS denominator,
    NULL::DOUBLE AS value,
    NULL::DOUBLE AS units
  FROM cells
  GROUP BY indicator, stock_day,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_slice(grouping(measure_id), 'stichtag', stock_day)
)

SELECT * FROM final
