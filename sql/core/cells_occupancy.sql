-- core.cells_occupancy: additive cells of occupancy_rate.
-- Grain: one row per month × measure (numerator and denominator rows are summed later).
-- Depends: core.participation_months, staging.measures.
-- occupancy_rate = participant-days active in the measure ÷ (places × days of the contract
--   in the period). Both are clipped to the contract (contract_start..contract_end) and to
--   as-of, so a running month compares like with like; day counts are date-range overlaps
--   (both ends count), never expanded days. Measures without places or contract dates have
--   no denominator and are left out. Slices from the measure (its Jobcenter).
CREATE OR REPLACE TABLE core.cells_occupancy AS
WITH measures AS (
  SELECT measure_id, jobcenter_id, provider_id, instrument, places, contract_start,
    least(contract_end, getvariable('as_of')) AS contract_to
  FROM staging.measures
  WHERE places IS NOT NULL AND contract_start IS NOT NULL AND contract_end IS NOT NULL
    AND contract_start <= getvariable('as_of')
),

capacity AS (
  SELECT
    m.*,
    unnest(generate_series(date_trunc('month', m.contract_start), date_trunc('month', m.contract_to), INTERVAL 1 MONTH))::DATE AS month
  FROM measures AS m
  WHERE m.contract_to >= m.contract_start
),

capacity_cells AS (
  SELECT
    month, jobcenter_id, provider_id, instrument, measure_id,
    0.0 AS numerator,
    places * (least(contract_to, last_day(month)) - greatest(contract_start, month) + 1) AS denominator
  FROM capacity
),

used_cells AS (
  SELECT
    pm.month, m.jobcenter_id, m.provider_id, m.instrument, m.measure_id,
    sum(greatest(least(pm.active_to_in_month, m.contract_to) - greatest(pm.active_from_in_month, m.contract_start) + 1, 0)) AS numerator,
    0.0 AS denominator
  FROM core.participation_months AS pm
  JOIN measures AS m USING (measure_id)
  GROUP BY ALL
),

final AS (
  SELECT
    'occupancy_rate' AS indicator, '*' AS breakdown, NULL::VARCHAR AS period_type, month AS period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator, NULL::DOUBLE AS units
  FROM (SELECT * FROM capacity_cells UNION ALL SELECT * FROM used_cells)
)

SELECT * FROM final
