-- mart.indicator_values: every figure of the product, one row per indicator × period ×
-- slice × breakdown (columns fixed by contracts.md).
-- Depends: core.cells_* (additive cells at month × Jobcenter × measure), core.medians,
--   core.retention_km, core.activation, mart.indicator_catalogue.
-- Additive cells are rolled up once: to month/quarter/year (or kept at their fixed period
--   type) and over the slices '*', Jobcenter, provider, instrument, measure and
--   Jobcenter × instrument with GROUPING SETS. Then, by kind (mart.indicator_catalogue):
--   value; Wilson 95 % interval for rates, Byar's for O/E; suppressed when a count named in
--   `disclosure` is 1..threshold-1 (primary suppression only; complementary suppression is
--   the publishers'); provisional when the period's last day is < 3 months before as-of.
-- Rates with a zero denominator are omitted. The true numerator, denominator and value of
-- suppressed rows are kept.
CREATE OR REPLACE TABLE mart.indicator_values AS
WITH additive AS (
  SELECT * FROM core.cells_referrals
  UNION ALL BY NAME SELECT * FROM core.cells_exits
  UNION ALL BY NAME SELECT * FROM core.cells_reports
  UNION ALL BY NAME SELECT * FROM core.cells_attendance
  UNION ALL BY NAME SELECT * FROM core.cells_occupancy
  UNION ALL BY NAME SELECT * FROM core.cells_stocks
  UNION ALL BY NAME SELECT * FROM core.cells_costs
  UNION ALL BY NAME SELECT * FROM core.cells_dropout_oe
),

expanded AS (
  SELECT a.* EXCLUDE (period_type, period_start), p.period_type, p.period_start
  FROM additive AS a, unnest(core.periods_of(a.period_type, a.period_start)) AS x(p)
),

rolled_up AS (
  SELECT
    indicator, breakdown, period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    sum(numerator) AS numerator,
    sum(denominator) AS denominator,
    NULL::DOUBLE AS value,
    sum(units) AS units
  FROM expanded
  GROUP BY indicator, breakdown, period_type, period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
),

computed AS (
  SELECT * FROM rolled_up
  UNION ALL BY NAME SELECT * FROM core.medians
  UNION ALL BY NAME SELECT * FROM core.retention_km
  UNION ALL BY NAME SELECT * FROM core.activation
),

with_kind AS (
  SELECT
    c.* EXCLUDE (denominator),
    k.kind,
    k.disclosure,
    CASE WHEN k.kind = 'share'
      THEN sum(c.numerator) OVER (PARTITION BY c.indicator, c.period_type, c.period_start, c.jobcenter_id, c.provider_id, c.instrument, c.measure_id)
      ELSE c.denominator END AS denominator
  FROM computed AS c
  JOIN mart.indicator_catalogue AS k USING (indicator)
),

valued AS (
  SELECT
    *,
    CASE
      WHEN kind IN ('count', 'expected') THEN numerator
      WHEN kind IN ('rate', 'share', 'ratio', 'oe_ratio') THEN numerator / nullif(denominator, 0)
      ELSE value
    END AS final_value
  FROM with_kind
  WHERE NOT (kind IN ('rate', 'share', 'ratio', 'oe_ratio') AND coalesce(denominator, 0) = 0)
),

final AS (
  SELECT
    indicator,
    period_type,
    core.period_label(period_type, period_start) AS period,
    jobcenter_id,
    provider_id,
    instrument,
    measure_id,
    breakdown,
    numerator::DOUBLE AS numerator,
    denominator::DOUBLE AS denominator,
    final_value::DOUBLE AS value,
    (CASE kind
      WHEN 'rate' THEN core.wilson_low(numerator, denominator)
      WHEN 'share' THEN core.wilson_low(numerator, denominator)
      WHEN 'oe_ratio' THEN core.byar_low(numerator, denominator) END)::DOUBLE AS ci_low,
    (CASE kind
      WHEN 'rate' THEN core.wilson_high(numerator, denominator)
      WHEN 'share' THEN core.wilson_high(numerator, denominator)
      WHEN 'oe_ratio' THEN core.byar_high(numerator, denominator) END)::DOUBLE AS ci_high,
    coalesce(
      (disclosure LIKE '%num%' AND core.is_small(numerator))
      OR (disclosure LIKE '%den%' AND core.is_small(denominator))
      OR (disclosure LIKE '%units%' AND core.is_small(units)), false) AS suppressed,
    core.is_provisional(core.period_last_day(period_type, period_start)) AS provisional,
    getvariable('as_of') AS as_of
  FROM valued
)

SELECT * FROM final
