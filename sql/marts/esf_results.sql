-- mart.esf_results: ESF+ results on leaving and six months after, by gender (Regulation (EU)
--   2021/1057, Annex I: all personal data broken down by gender).
-- Grain: one row per (period, jobcenter_id, measure_id, gender); jobcenter_id, measure_id and
--   gender are '*' on the total rows (GROUPING SETS, as mart.esf_participants). period =
--   calendar year of the exit (the anchor of the result indicators).
-- Unit: exits (participations), as the return's sheet "Ergebnisse"; the same definitions and
--   windows as core.ind_exits (employed_on_leaving_rate: 28 days, integration_rate_6m and
--   not_unemployed_rate_6m: 182 days, a unit counted once exit + N ≤ as-of), so the '*'
--   rows are the measure × year figures of mart.indicator_values (a test holds them equal).
-- Scope: measures with funding = 'esf' only.
-- Depends: core.participations, core.exit_outcomes, meta.build_parameters.
CREATE OR REPLACE TABLE mart.esf_results AS
WITH exits AS (
  SELECT
    lpad(CAST(EXTRACT(YEAR FROM p.exit_date) AS VARCHAR), 4, '0') AS period,
    p.jobcenter_id,
    p.measure_id,
    coalesce(p.gender, 'unknown') AS gender,
    p.exit_date + 28 <= b.as_of AS window_28_closed,
    p.exit_date + 182 <= b.as_of AS window_182_closed,
    coalesce(o.employed_28, false) AS employed_28,
    coalesce(o.integrated_182, false) AS integrated_182,
    coalesce(o.not_unemployed_182, false) AS not_unemployed_182
  FROM core.participations AS p
  LEFT JOIN core.exit_outcomes AS o USING (participant_id, exit_date)
  -- the as-of from the build's parameters, not a session variable: the marts stay portable
  CROSS JOIN meta.build_parameters AS b
  WHERE p.funding = 'esf' AND p.exit_date IS NOT NULL
),

final AS (
  SELECT
    period,
    coalesce(jobcenter_id, '*') AS jobcenter_id,
    coalesce(measure_id, '*') AS measure_id,
    coalesce(gender, '*') AS gender,
    count(*) FILTER (WHERE window_28_closed) AS exits_28,
    count(*) FILTER (WHERE window_28_closed AND employed_28) AS employed_28,
    count(*) FILTER (WHERE window_182_closed) AS exits_182,
    count(*) FILTER (WHERE window_182_closed AND integrated_182) AS integrated_182,
    count(*) FILTER (WHERE window_182_closed AND not_unemployed_182) AS not_unemployed_182,
    (SELECT as_of FROM meta.build_parameters) AS as_of
  FROM exits
  GROUP BY GROUPING SETS (
    (period, jobcenter_id, measure_id, gender), (period, jobcenter_id, measure_id),
    (period, jobcenter_id, gender), (period, jobcenter_id),
    (period, gender), (period)
  )
)

SELECT * FROM final
