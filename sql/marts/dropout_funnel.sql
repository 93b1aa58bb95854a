-- mart.dropout_funnel: input of funnel plots — observed vs expected dropouts per provider
-- and per measure and calendar year (indirect standardisation, see core.cells_dropout_oe).
-- Grain: level × jobcenter ('*' or id) × provider × measure ('*' at provider level) ×
--   instrument ('*' or code; a measure's own instrument at measure level) × year.
-- Depends: core.cells_dropout_oe.
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
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    coalesce(provider_id, 'unknown') AS provider_id,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    period_start,
    sum(exits) AS exits,
    sum(observed) AS observed,
    sum(expected) AS expected
  FROM cells
  GROUP BY period_start, provider_id, GROUPING SETS (
    (), (jobcenter_id), (instrument), (jobcenter_id, instrument),
    (measure_id, instrument), (jobcenter_id, measure_id, instrument))
),

final AS (
  SELECT
    level, jobcenter_id, provider_id, measure_id, instrument,
    'year' AS period_type,
    core.period_label('year', period_start) AS period,
    exits::BIGINT AS exits,
    observed::BIGINT AS observed,
    expected::DOUBLE AS expected,
    (observed / nullif(expected, 0))::DOUBLE AS oe_ratio,
    core.byar_low(observed, expected)::DOUBLE AS ci_low,
    core.byar_high(observed, expected)::DOUBLE AS ci_high,
    core.is_small(observed) OR core.is_small(exits) AS suppressed,
    core.is_provisional(core.period_last_day('year', period_start)) AS provisional,
    getvariable('as_of') AS as_of
  FROM grouped
)

SELECT * FROM final
