-- core.ind_costs: cost indicators, rolled up to slices (period type year = year of the
-- measure's contract_start). Unit: EUR per participation.
-- Grain: indicator × year × slice. Depends: staging.measures, core.participations, core.coverage.
-- cost_per_participant = Σ cost_total_eur ÷ Σ entries into those measures (up to as-of);
-- cost_per_successful_exit = Σ cost_total_eur ÷ Σ their exits of class completed or
--   positive_early_exit. Measures without a cost or a contract start are left out, and so
--   are measures that began before their Jobcenter's participation data (core.coverage:
--   the cost of the whole contract over the few participants the data hold), and
--   measures whose contract starts after as-of (records dated after as-of are ignored,
--   contracts.md: a build as of an earlier day gives the figure known then); a
--   measure's cost counts even if nobody entered it (it was paid). Slices from the
--   measure; units = the denominator (disclosure is judged on the people counted).
-- open_until: the last contract end of the measures counted (none: open) — the figure
--   keeps changing while a contract runs (its whole cost over the entries so far), so it
--   is provisional until 3 months after that day, not after its contract-start year.
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_costs AS
WITH measures AS (
  SELECT m.* FROM staging.measures AS m
  JOIN core.coverage AS v USING (jobcenter_id)
  WHERE m.cost_total_eur IS NOT NULL AND m.contract_start IS NOT NULL
    AND m.contract_start <= getvariable('as_of')
    AND date_trunc('month', m.contract_start) >= v.covered_from
),

counts AS (
  SELECT
    measure_id,
    count(entry_date) AS entries,
    core.count_true(exit_class IN ('completed', 'positive_early_exit')) AS successful_exits
  FROM core.participations
  GROUP BY measure_id
),

per_measure AS (
  SELECT
    date_trunc('year', m.contract_start)::DATE AS period_start,
    m.jobcenter_id, m.provider_id, m.instrument, m.measure_id,
    m.cost_total_eur,
    coalesce(m.contract_end, DATE '9999-12-31') AS contract_end,
    coalesce(c.entries, 0) AS entries,
    coalesce(c.successful_exits, 0) AS successful_exits
  FROM measures AS m
  LEFT JOIN counts AS c USING (measure_id)
),

rolled_up AS (
  SELECT
    period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    -- summed as a DECIMAL: exact, and the same whatever order the threads add in (as DOUBLE
    -- two builds gave 15273569.92 and 15273569.920000002)
    sum(cost_total_eur::DECIMAL(38, 6))::DOUBLE AS cost,
    sum(entries)::DOUBLE AS entries,
    sum(successful_exits)::DOUBLE AS successful_exits,
    max(contract_end) AS open_until
  FROM per_measure
  GROUP BY period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
),

unpivoted AS (
  SELECT *, unnest([
    {'indicator': 'cost_per_participant', 'denominator': entries},
    {'indicator': 'cost_per_successful_exit', 'denominator': successful_exits}
  ]) AS c
  FROM rolled_up
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, 'year' AS period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    cost AS numerator, c.denominator, NULL::DOUBLE AS value, c.denominator AS units, open_until
  FROM unpivoted
)

SELECT * FROM final
