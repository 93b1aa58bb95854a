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
WITH exits AS (
  SELECT
    CAST(date_trunc('month', exit_date) AS DATE) AS month,
    jobcenter_id, provider_id, instrument, measure_id,
    age_band,
    coalesce(CAST(long_term_unemployed AS VARCHAR), 'unknown') AS ltu,
    coalesce(instrument, 'unknown') AS stratum_instrument,
    exit_class
  FROM core.participations
  WHERE exit_date IS NOT NULL
),

monthly AS (
  SELECT
    month, jobcenter_id, provider_id, instrument, measure_id, age_band, ltu, stratum_instrument,
    count(*) AS exits,
    count(CASE WHEN exit_class = 'dropout' THEN 1 END) AS observed
  FROM exits
  GROUP BY month, jobcenter_id, provider_id, instrument, measure_id, age_band, ltu, stratum_instrument
),

-- each month's cells belong to their month, quarter and year
by_period AS (
  SELECT
    period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, age_band, ltu, stratum_instrument,
    sum(exits) AS exits,
    sum(observed) AS observed
  FROM (
    SELECT
      t.period_type,
      CASE t.period_type
        WHEN 'month' THEN m.month
        WHEN 'quarter' THEN CAST(date_trunc('quarter', m.month) AS DATE)
        ELSE CAST(date_trunc('year', m.month) AS DATE) END AS period_start,
      m.*
    FROM monthly AS m
    CROSS JOIN (VALUES ('month'), ('quarter'), ('year')) AS t (period_type)
  ) AS expanded
  GROUP BY period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, age_band, ltu, stratum_instrument
),

strata AS (
  SELECT period_type, period_start, age_band, ltu, stratum_instrument, CAST(sum(observed) AS DOUBLE PRECISION) / sum(exits) AS stratum_rate
  FROM by_period
  GROUP BY period_type, period_start, age_band, ltu, stratum_instrument
),

cells AS (
  SELECT
    b.period_type, b.period_start, b.jobcenter_id, b.provider_id, b.instrument, b.measure_id,
    -- counts as BIGINT: a sum is HUGEINT, which Parquet stores as DOUBLE and Arrow has not
    CAST(sum(b.exits) AS BIGINT) AS exits,
    CAST(sum(b.observed) AS BIGINT) AS observed,
    sum(CAST(b.exits * s.stratum_rate AS DECIMAL(38, 12))) AS expected
  FROM by_period AS b
  JOIN strata AS s
    ON s.period_type = b.period_type AND s.period_start = b.period_start AND s.age_band = b.age_band
    AND s.ltu = b.ltu AND s.stratum_instrument = b.stratum_instrument
  GROUP BY b.period_type, b.period_start, b.jobcenter_id, b.provider_id, b.instrument, b.measure_id
),

final AS (
  SELECT * FROM cells
)

SELECT * FROM final
