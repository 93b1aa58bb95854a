-- core.cells_dropout_oe: case-mix adjusted dropout cells (indirect standardisation).
-- Grain: one row per period (month, quarter, year) × Jobcenter × measure.
-- Depends: core.participations.
-- Strata: age band (under 25 / 25–49 / 50+, unknown) × long-term unemployed (true, false,
--   unknown) × instrument. The stratum's dropout rate is taken over ALL exits of the same
--   period type and period; a cell's expected dropouts = Σ over its strata of exits × rate.
-- Read by core.ind_dropout_oe (indicator rows) and mart.dropout_funnel (funnel plot).
-- expected is a DECIMAL with 12 places: its sums (here and in the roll-ups) are then exact
--   and do not depend on the order the threads add them in — as DOUBLE two builds of the
--   same data gave 8 and 7.999999999999999 for the same cell.
CREATE OR REPLACE TABLE core.cells_dropout_oe AS
WITH monthly AS (
  SELECT
    date_trunc('month', exit_date)::DATE AS month,
    jobcenter_id, provider_id, instrument, measure_id,
    age_band,
    coalesce(long_term_unemployed::VARCHAR, 'unknown') AS ltu,
    coalesce(instrument, 'unknown') AS stratum_instrument,
    count(*) AS exits,
    core.count_true(exit_class = 'dropout') AS observed
  FROM core.participations
  WHERE exit_date IS NOT NULL
  GROUP BY ALL
),

-- periods unnested in the select list (a lateral unnest is planned as a join)
by_period AS (
  SELECT
    p.period_type, p.period_start,
    jobcenter_id, provider_id, instrument, measure_id, age_band, ltu, stratum_instrument,
    sum(exits) AS exits,
    sum(observed) AS observed
  FROM (SELECT unnest(core.periods_of(NULL, month)) AS p, * FROM monthly)
  GROUP BY ALL
),

strata AS (
  SELECT period_type, period_start, age_band, ltu, stratum_instrument, sum(observed) / sum(exits) AS stratum_rate
  FROM by_period
  GROUP BY ALL
),

cells AS (
  SELECT
    b.period_type, b.period_start, b.jobcenter_id, b.provider_id, b.instrument, b.measure_id,
    sum(b.exits) AS exits,
    sum(b.observed) AS observed,
    sum((b.exits * s.stratum_rate)::DECIMAL(38, 12)) AS expected
  FROM by_period AS b
  JOIN strata AS s USING (period_type, period_start, age_band, ltu, stratum_instrument)
  GROUP BY ALL
),

final AS (
  SELECT * FROM cells
)

SELECT * FROM final
