-- mart.retention_curve: Kaplan–Meier step curve of "not dropped out" over days since
-- entry, for all entries up to as-of (no period split).
-- Grain: one row per slice × day with an event or a censoring, plus day 0. Slices: all
--   '*', by instrument, by provider, by Jobcenter, by Jobcenter × instrument.
-- Depends: core.participations, meta.build_parameters.
-- Time, event and censoring as in core.retention_km (indicators.md). At day 0 the row
-- carries survival 1 unless dropouts happened on the entry day itself (S(0) includes them).
CREATE OR REPLACE TABLE mart.retention_curve AS
WITH entered AS (
  SELECT
    jobcenter_id, provider_id, instrument,
    CAST(coalesce(exit_date, (SELECT as_of FROM meta.build_parameters)) - entry_date AS INTEGER) AS day,
    coalesce(exit_class = 'dropout', false) AS is_event
  FROM core.participations
  WHERE entry_date IS NOT NULL
),

days AS (
  SELECT
    CASE WHEN grouping(jobcenter_id) = 1 THEN '*' ELSE coalesce(jobcenter_id, 'unknown') END AS jobcenter_id,
    CASE WHEN grouping(provider_id) = 1 THEN '*' ELSE coalesce(provider_id, 'unknown') END AS provider_id,
    CASE WHEN grouping(instrument) = 1 THEN '*' ELSE coalesce(instrument, 'unknown') END AS instrument,
    day,
    count(*) FILTER (WHERE is_event) AS events,
    count(*) FILTER (WHERE NOT is_event) AS censored
  FROM entered
  GROUP BY day, GROUPING SETS ((), (instrument), (provider_id), (jobcenter_id), (jobcenter_id, instrument))
),

with_day_zero AS (
  SELECT * FROM days
  UNION ALL
  SELECT DISTINCT jobcenter_id, provider_id, instrument, 0, 0, 0
  FROM days AS d
  WHERE NOT EXISTS (
    SELECT 1 FROM days AS z
    WHERE z.day = 0 AND z.jobcenter_id = d.jobcenter_id AND z.provider_id = d.provider_id AND z.instrument = d.instrument
  )
),

at_risk AS (
  SELECT
    *,
    sum(events + censored) OVER grp
      - coalesce(sum(events + censored) OVER (grp ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS at_risk
  FROM with_day_zero
  WINDOW grp AS (PARTITION BY jobcenter_id, provider_id, instrument)
),

steps AS (
  SELECT
    *,
    -- running product of (1 − d/n); once everyone at risk has dropped out S stays 0
    bool_or(events > 0 AND events >= at_risk) OVER run AS reached_zero,
    exp(sum(CASE WHEN events > 0 AND events < at_risk THEN ln(1 - CAST(events AS DOUBLE PRECISION) / at_risk) ELSE 0 END) OVER run) AS product
  FROM at_risk
  WINDOW run AS (PARTITION BY jobcenter_id, provider_id, instrument ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),

final AS (
  SELECT
    jobcenter_id, provider_id, instrument, day,
    CAST(at_risk AS BIGINT) AS at_risk,
    CAST(events AS BIGINT) AS events,
    CAST(censored AS BIGINT) AS censored,
    CAST(CASE WHEN reached_zero THEN 0.0 ELSE product END AS DOUBLE PRECISION) AS survival,
    (SELECT as_of FROM meta.build_parameters) AS as_of
  FROM steps
)

SELECT * FROM final
