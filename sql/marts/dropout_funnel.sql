-- mart.dropout_funnel: input of funnel plots — observed vs expected dropouts per provider
-- and per measure and calendar year (indirect standardisation, see core.cells_dropout_oe).
-- Grain: level × jobcenter ('*' or id) × provider × measure ('*' at provider level) ×
--   instrument ('*' or code; a measure's own instrument at measure level) × year.
-- Depends: core.cells_dropout_oe, meta.build_parameters.
-- oe_ratio = observed ÷ expected with Byar's 95 % interval; suppressed when observed or
-- exits is 1..threshold-1; provisional as in mart.indicator_values.
CREATE OR REPLACE TABLE mart.dropout_funnel AS
WITH cells AS (
  SELECT * FROM core.cells_dropout_oe
  WHERE period_type = 'year'
),

grouped AS (
  SELECT
    CASE WHEN grouping(measure_id) = 0 THEN 'measure' ELSE 'provider' END AS level,
    CASE WHEN grouping(jobcenter_id) = 1 THEN '*' ELSE coalesce(jobcenter_id, 'unknown') END AS jobcenter_id,
    coalesce(provider_id, 'unknown') AS provider_id,
    CASE WHEN grouping(measure_id) = 1 THEN '*' ELSE coalesce(measure_id, 'unknown') END AS measure_id,
    CASE WHEN grouping(instrument) = 1 THEN '*' ELSE coalesce(instrument, 'unknown') END AS instrument,
    period_start,
    sum(exits) AS exits,
    sum(observed) AS observed,
    sum(expected) AS expected
  FROM cells
  GROUP BY period_start, provider_id, GROUPING SETS (
    (), (jobcenter_id), (instrument), (jobcenter_id, instrument),
    (measure_id, instrument), (jobcenter_id, measure_id, instrument))
),

-- Byar's interval as in mart.indicator_values; a year is provisional while its 31.12 is
-- after the last final day (mart.return_disclosure).
final AS (
  SELECT
    g.level, g.jobcenter_id, g.provider_id, g.measure_id, g.instrument,
    'year' AS period_type,
    lpad(CAST(EXTRACT(YEAR FROM g.period_start) AS VARCHAR), 4, '0') AS period,
    CAST(g.exits AS BIGINT) AS exits,
    CAST(g.observed AS BIGINT) AS observed,
    CAST(g.expected AS DOUBLE PRECISION) AS expected,
    CAST(g.observed / nullif(g.expected, 0) AS DOUBLE PRECISION) AS oe_ratio,
    CAST(CASE WHEN g.expected > 0 THEN
      CASE WHEN g.observed = 0 THEN 0.0
      ELSE g.observed * (1 - 1 / (9 * g.observed) - 1.959964 / (3 * sqrt(g.observed))) ^ 3 / g.expected END END AS DOUBLE PRECISION) AS ci_low,
    CAST(CASE WHEN g.expected > 0 THEN
      (g.observed + 1) * (1 - 1 / (9 * (g.observed + 1)) + 1.959964 / (3 * sqrt(g.observed + 1))) ^ 3 / g.expected END AS DOUBLE PRECISION) AS ci_high,
    (g.observed >= 1 AND g.observed < b.suppression_threshold) OR (g.exits >= 1 AND g.exits < b.suppression_threshold) AS suppressed,
    CAST(g.period_start + INTERVAL '1 year' AS DATE) - 1 > b.last_final_day AS provisional,
    b.as_of
  FROM grouped AS g
  CROSS JOIN meta.build_parameters AS b
)

SELECT * FROM final
