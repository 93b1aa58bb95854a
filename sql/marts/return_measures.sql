-- mart.return_measures: the measures the Excel returns list, with their funding.
-- Grain: one row per measure_id that has at least one participation.
-- Depends: core.participations (measure attributes are copied onto each participation),
--   mart.return_figures (periods: the periods with any figure of the measure, so a return
--   lists the measures active in its period without scanning the figures).
-- jobcenter_id: the Jobcenter most of the measure's participations belong to (a measure is
--   bought by one Jobcenter; participations of another Jobcenter are rare transfers), ties
--   broken by the smallest id so the result is deterministic.
-- Checks: measure_id unique (by construction: GROUP BY measure_id).
CREATE OR REPLACE TABLE mart.return_measures AS
WITH per_jobcenter AS (
  -- One scan of the participations: counts per Jobcenter and the measure's attributes
  -- (the same on every participation of the measure).
  SELECT
    measure_id,
    jobcenter_id,
    count(*) AS n,
    any_value(provider_id) AS provider_id,
    any_value(instrument) AS instrument,
    any_value(funding) AS funding
  FROM core.participations
  GROUP BY measure_id, jobcenter_id
),

ranked AS (
  SELECT
    *,
    row_number() OVER (
      PARTITION BY measure_id ORDER BY CASE WHEN jobcenter_id IS NULL THEN 1 ELSE 0 END, n DESC, jobcenter_id) AS home_rank
  FROM per_jobcenter
),

measure_home AS (
  SELECT
    measure_id,
    max(CASE WHEN home_rank = 1 THEN jobcenter_id END) AS jobcenter_id,
    any_value(provider_id) AS provider_id,
    any_value(instrument) AS instrument,
    any_value(funding) AS funding
  FROM ranked
  GROUP BY measure_id
),

measure_periods AS (
  SELECT DISTINCT measure_id, period
  FROM mart.return_figures
),

periods AS (
  SELECT measure_id, array_agg(period ORDER BY period) AS periods
  FROM measure_periods
  GROUP BY measure_id
),

final AS (
  SELECT
    h.measure_id, h.jobcenter_id, h.provider_id, h.instrument, coalesce(h.funding, 'unknown') AS funding,
    coalesce(p.periods, CAST(ARRAY[] AS VARCHAR[])) AS periods
  FROM measure_home AS h
  LEFT JOIN periods AS p ON p.measure_id = h.measure_id
)

SELECT * FROM final
