-- core.cells_costs: additive cells of the cost indicators (period type year = year of the
-- measure's contract_start). Unit: EUR per participation.
-- Grain: one row per indicator × measure. Depends: staging.measures, core.participations.
-- cost_per_participant = cost_total_eur ÷ entries into the measure (up to as-of);
-- cost_per_successful_exit = cost_total_eur ÷ its exits of class completed or
--   positive_early_exit. Measures without a cost or a contract start are left out; a
--   measure's cost counts even if nobody entered it (it was paid). Slices from the
--   measure; units = the denominator (disclosure is judged on the people counted).
CREATE OR REPLACE TABLE core.cells_costs AS
WITH measures AS (
  SELECT * FROM staging.measures
  WHERE cost_total_eur IS NOT NULL AND contract_start IS NOT NULL
),

counts AS (
  SELECT
    measure_id,
    count(entry_date) AS entries,
    count_if(exit_class IN ('completed', 'positive_early_exit')) AS successful_exits
  FROM core.participations
  GROUP BY measure_id
),

per_measure AS (
  SELECT
    date_trunc('year', m.contract_start)::DATE AS period_start,
    m.jobcenter_id, m.provider_id, m.instrument, m.measure_id,
    m.cost_total_eur,
    coalesce(c.entries, 0) AS entries,
    coalesce(c.successful_exits, 0) AS successful_exits
  FROM measures AS m
  LEFT JOIN counts AS c USING (measure_id)
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, 'year' AS period_type, p.period_start,
    p.jobcenter_id, p.provider_id, p.instrument, p.measure_id,
    p.cost_total_eur AS numerator, c.denominator, c.denominator AS units
  FROM per_measure AS p, unnest([
    {'indicator': 'cost_per_participant', 'denominator': entries::DOUBLE},
    {'indicator': 'cost_per_successful_exit', 'denominator': successful_exits::DOUBLE}
  ]) AS x(c)
)

SELECT * FROM final
