-- core.cells_stocks: additive stock counts (period type stichtag). Unit: participations.
-- Grain: one row per indicator × reference date × (jobcenter, measure).
-- Depends: core.participation_months, core.participations.
-- participants_active: participations active on the last day of each month ≤ as-of
--   (entry ≤ day ≤ exit, or no exit).
-- reports_overdue: on the as-of date, exits with no final report and more than 14 days
--   since the exit.
CREATE OR REPLACE TABLE core.cells_stocks AS
WITH active AS (
  SELECT
    last_day(month) AS period_start, jobcenter_id, provider_id, instrument, measure_id,
    count(*)::DOUBLE AS numerator
  FROM core.participation_months
  WHERE active_at_month_end
  GROUP BY ALL
),

overdue AS (
  SELECT
    getvariable('as_of') AS period_start, jobcenter_id, provider_id, instrument, measure_id,
    count(*)::DOUBLE AS numerator
  FROM core.participations
  WHERE exit_date IS NOT NULL AND NOT has_report AND getvariable('as_of') - exit_date > 14
  GROUP BY ALL
),

final AS (
  SELECT
    'participants_active' AS indicator, '*' AS breakdown, 'stichtag' AS period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    numerator, NULL::DOUBLE AS denominator, NULL::DOUBLE AS units
  FROM active
  UNION ALL
  SELECT
    'reports_overdue', '*', 'stichtag', period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    numerator, NULL, NULL
  FROM overdue
)

SELECT * FROM final
