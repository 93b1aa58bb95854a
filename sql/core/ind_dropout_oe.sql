-- core.ind_dropout_oe: case-mix adjusted dropout indicators by period and slice.
-- Grain: indicator × period × slice. Depends: core.cells_dropout_oe.
-- dropout_expected: numerator = expected dropouts (indirect standardisation, see
--   core.cells_dropout_oe); dropout_oe_ratio: numerator = observed dropouts, denominator =
--   expected. units = exits (disclosure). Interval: mart.indicator_values (Byar).
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_dropout_oe AS
WITH rolled_up AS (
  SELECT
    period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    sum(exits)::DOUBLE AS exits,
    sum(observed)::DOUBLE AS observed,
    sum(expected)::DOUBLE AS expected
  FROM (SELECT * REPLACE (core.measure_key(measure_id, period_type, period_start) AS measure_id) FROM core.cells_dropout_oe)
  GROUP BY period_type, period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_slice(grouping(measure_id), period_type, period_start)
),

unpivoted AS (
  SELECT *, unnest([
    {'indicator': 'dropout_expected', 'numerator': expected, 'denominator': NULL::DOUBLE},
    {'indicator': 'dropout_oe_ratio', 'numerator': observed, 'denominator': expected}
  ]) AS c
  FROM rolled_up
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, exits AS units
  FROM unpivoted
)

SELECT * FROM final
