-- mart.return_measures: the measures the Excel returns list, with their funding.
-- Grain: one row per measure_id that has at least one participation.
-- Depends: core.participations (measure attributes are copied onto each participation),
--   mart.indicator_values (years: the calendar years with a year figure of the measure, so a
--   return lists the measures active in its year without scanning the figures; every
--   return asks for a year — the quarterly one for its quarter's year).
-- The years are read from the measure slice's year rows alone and grouped before they are
--   listed: a DISTINCT over all its quarter, year and stichtag rows (6.4·10^6 at 10^6
--   participations, 6.4·10^7 at 10^7) listed in order ran out of the build's 4 GB at 10^7.
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

measure_years AS (
  SELECT measure_id, period AS year
  FROM mart.indicator_values
  WHERE measure_id <> '*' AND period_type = 'year'
  GROUP BY measure_id, period
),

years AS (
  SELECT measure_id, array_agg(year ORDER BY year) AS years
  FROM measure_years
  GROUP BY measure_id
),

final AS (
  SELECT
    h.measure_id, h.jobcenter_id, h.provider_id, h.instrument, coalesce(h.funding, 'unknown') AS funding,
    coalesce(y.years, CAST(ARRAY[] AS VARCHAR[])) AS years
  FROM measure_home AS h
  LEFT JOIN years AS y ON y.measure_id = h.measure_id
)

SELECT * FROM final
