-- core.cells_attendance: additive indicator cells from the monthly absence reports.
-- Grain: one row per indicator × month × (jobcenter, measure).
-- Depends: staging.attendance, staging.measures, core.participation_months.
-- attendance_rate: days present ÷ days planned (unit: participant-days); slices from the
--   measure (its Jobcenter, provider, instrument), as attendance is reported per measure.
-- at_risk_participants: participations active at the month's end whose attendance that
--   month is below 80 % of the planned days or that have ≥ 3 unexcused days
--   (period type month only; unit: participations; slices of the participation).
--   A participation without an attendance report for the month is not counted as at risk.
CREATE OR REPLACE TABLE core.cells_attendance AS
WITH attendance AS (
  SELECT a.*, m.jobcenter_id, coalesce(m.provider_id, a.provider_id) AS measure_provider_id, m.instrument
  FROM staging.attendance AS a
  LEFT JOIN staging.measures AS m USING (measure_id)
),

attendance_cells AS (
  SELECT
    month AS period_start, jobcenter_id, measure_provider_id AS provider_id, instrument, measure_id,
    sum(days_present)::DOUBLE AS numerator,
    sum(days_planned)::DOUBLE AS denominator
  FROM attendance
  WHERE days_planned IS NOT NULL AND days_present IS NOT NULL
  GROUP BY ALL
),

at_risk AS (
  SELECT
    pm.month AS period_start, pm.jobcenter_id, pm.provider_id, pm.instrument, pm.measure_id,
    count(*)::DOUBLE AS numerator
  FROM core.participation_months AS pm
  JOIN staging.attendance AS a
    ON a.participant_id = pm.participant_id AND a.measure_id = pm.measure_id AND a.month = pm.month
  WHERE pm.active_at_month_end
    AND ((a.days_planned > 0 AND a.days_present < 0.8 * a.days_planned) OR a.days_unexcused >= 3)
  GROUP BY ALL
),

final AS (
  SELECT
    'attendance_rate' AS indicator, '*' AS breakdown, NULL::VARCHAR AS period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    numerator, denominator, NULL::DOUBLE AS units
  FROM attendance_cells
  UNION ALL
  SELECT
    'at_risk_participants', '*', 'month', period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    numerator, NULL, NULL
  FROM at_risk
)

SELECT * FROM final
