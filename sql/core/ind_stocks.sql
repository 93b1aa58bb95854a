-- core.ind_stocks: stock counts on reference dates (period type stichtag), by slice.
-- Grain: indicator × reference date × slice. Unit: participations.
-- Depends: core.participation_months, core.participations.
-- participants_active: participations active on the last day of each month ≤ as-of
--   (entry ≤ day ≤ exit, or no exit).
-- reports_overdue: on the as-of date, exits with no final report and more than 14 days
--   since the exit.
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_stocks AS
WITH units AS (
  SELECT 'participants_active' AS indicator, last_day(month) AS period_start,
    jobcenter_id, provider_id, instrument, core.measure_key(measure_id, 'stichtag', last_day(month)) AS measure_id
  FROM core.participation_months
  WHERE active_at_month_end
  UNION ALL
  SELECT 'reports_overdue', getvariable('as_of'),
    jobcenter_id, provider_id, instrument, measure_id
  FROM core.participations
  WHERE exit_date IS NOT NULL AND NOT has_report AND getvariable('as_of') - exit_date > 14
),

-- counted at the finest slice grain first: GROUPING SETS then run over cells, not units
cells AS (
  SELECT indicator, period_start, jobcenter_id, provider_id, instrument, measure_id, count(*) AS n
  FROM units
  GROUP BY ALL
),

final AS (
  SELECT
    indicator, '*' AS breakdown, 'stichtag' AS period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    sum(n)::DOUBLE AS numerator,
    NULL::DOUBLE AS denominator,
    NULL::DOUBLE AS value,
    NULL::DOUBLE AS units
  FROM cells
  GROUP BY indicator, period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_slice(grouping(measure_id), 'stichtag', period_start)
)

SELECT * FROM final
