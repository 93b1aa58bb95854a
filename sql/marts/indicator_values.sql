-- mart.indicator_values: every figure of the product, one row per indicator × period ×
-- slice × breakdown (columns fixed by contracts.md).
-- Depends: core.ind_* (each family already rolled up to month/quarter/year or its fixed
--   period type, and to the slices '*', Jobcenter, provider, instrument, measure and
--   Jobcenter × instrument — activation: '*' and Jobcenter), mart.indicator_catalogue,
--   meta.build_parameters (as-of, threshold, last final day of this build).
-- Here, by kind (mart.indicator_catalogue): value; Wilson 95 % interval for rates and
--   shares, Byar's for O/E; suppressed when a count named in `disclosure` is
--   1..threshold-1 (meta.build_parameters; primary suppression only —
--   complementary suppression is the publishers'); provisional when the period's last day
--   is less than 3 months before as-of — for a window indicator the day its window closes
--   after the period's last day (the figure changes until then), for a family that gives
--   open_until that day (costs while a contract runs).
-- The measure slice is kept for quarters and years (stichtag: quarter ends and as-of),
--   see core.keeps_slice; its breakdown codes, Kaplan–Meier horizons and medians for
--   years only (core.keeps_detail). Rates with a zero denominator are omitted. The true numerator,
--   denominator and value of suppressed rows are kept.
-- Every family yields the same typed columns (numbers DOUBLE), so the union casts nothing.
-- The table is declared before it is filled so that its text columns are stored with
-- dictionary compression outright (DICT_FSST): all eight have few distinct values per row
-- group (at most a few thousand measure ids), and letting DuckDB first analyse the
-- alternatives on 8.7·10^6 rows cost 0.4–1.5 s of the build at 10^6 participations. A
-- database file of the older storage format gets DICTIONARY instead (pipelines/db/storage-format.ts).
CREATE OR REPLACE TABLE mart.indicator_values (
  indicator VARCHAR USING COMPRESSION dict_fsst,
  period_type VARCHAR USING COMPRESSION dict_fsst,
  period VARCHAR USING COMPRESSION dict_fsst,
  jobcenter_id VARCHAR USING COMPRESSION dict_fsst,
  provider_id VARCHAR USING COMPRESSION dict_fsst,
  instrument VARCHAR USING COMPRESSION dict_fsst,
  measure_id VARCHAR USING COMPRESSION dict_fsst,
  breakdown VARCHAR USING COMPRESSION dict_fsst,
  numerator DOUBLE,
  denominator DOUBLE,
  value DOUBLE,
  ci_low DOUBLE,
  ci_high DOUBLE,
  suppressed BOOLEAN,
  provisional BOOLEAN,
  as_of DATE
);

INSERT INTO mart.indicator_values BY NAME
-- Each family's columns by name; only core.ind_costs has open_until.
WITH computed AS (
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_referrals
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_exits
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_reports
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_attendance
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_occupancy
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_stocks
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, open_until FROM core.ind_costs
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_dropout_oe
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_medians
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_retention_km
  UNION ALL
  SELECT indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, numerator, denominator, value, units, CAST(NULL AS DATE) AS open_until FROM core.ind_activation
),

-- the catalogue's kind, disclosure and window as flags and a number, once per indicator
-- rather than string comparisons per row
kinds AS (
  SELECT
    indicator,
    kind IN ('count', 'expected') AS is_count,
    kind IN ('rate', 'share', 'ratio', 'oe_ratio') AS is_ratio,
    kind IN ('rate', 'share') AS has_wilson,
    kind = 'oe_ratio' AS has_byar,
    disclosure LIKE '%num%' AS discloses_numerator,
    disclosure LIKE '%den%' AS discloses_denominator,
    disclosure LIKE '%units%' AS discloses_units,
    coalesce("window" = 'horizon', false) AS window_is_horizon,
    CASE WHEN "window" <> 'horizon' THEN CAST("window" AS INTEGER) END AS window_days
  FROM mart.indicator_catalogue
),

valued AS (
  SELECT
    c.indicator, c.breakdown, c.period_type, c.period_start, c.jobcenter_id, c.provider_id, c.instrument,
    c.measure_id, c.numerator, c.denominator, c.units, c.open_until,
    k.has_wilson, k.has_byar, k.discloses_numerator, k.discloses_denominator, k.discloses_units,
    k.window_is_horizon, k.window_days,
    CASE
      WHEN k.is_count THEN c.numerator
      WHEN k.is_ratio THEN c.numerator / nullif(c.denominator, 0)
      ELSE c.value
    END AS final_value
  FROM computed AS c
  JOIN kinds AS k ON k.indicator = c.indicator
  -- a rate without units is omitted (contracts.md); a count of 0 is kept: 0 entries in a
  -- month that had referrals is a figure, and a missing row would read as 'no data'. A rate
  -- over 0 whose numerator counted something keeps its row with a null value (contracts.md
  -- allows either): the numerator is a count that exists — 540 participant-days in a
  -- measure of 0 places, whose occupancy alone is undefined (the state return showed '–'
  -- for the days too). Only a rate of counts can have one (the numerator of a share or of
  -- most rates is among the denominator's units); a cost ratio over 0 entries stays omitted.
  -- A denominator not delivered (null: a Jobcenter's stock figure missing) is no 0: that rate
  -- stays omitted.
  WHERE NOT (k.is_ratio AND coalesce(c.denominator, 0) = 0
    AND NOT (k.has_wilson AND c.denominator = 0 AND coalesce(c.numerator, 0) > 0))
),

-- period: '2024-03', '2024-Q1', '2024' or '2024-03-31' (contracts.md). Wilson score
-- interval, 95 % (z = 1.959964; Wilson 1927, JASA 22, 209–12), null for d = 0 or n outside
-- 0..d, with its bounds at 0 of n = 0 and at 1 of n = d written exactly (the formula gives -3.6e-17 or
-- 1.0000000000000002 there); Byar's approximation to the exact Poisson interval of
-- observed ÷ expected (Breslow & Day 1987, vol. II, p. 69). Suppressed when a disclosed
-- count is 1..threshold-1. Provisional while the last day of the period (plus the window,
-- or the Kaplan–Meier horizon in days 'd30', or up to open_until) is after the last final
-- day (mart.return_disclosure: as-of − 3 months).
final AS (
  SELECT
    v.indicator,
    v.period_type,
    CASE v.period_type
      WHEN 'month' THEN substr(CAST(v.period_start AS VARCHAR), 1, 7)
      WHEN 'quarter' THEN substr(CAST(v.period_start AS VARCHAR), 1, 4) || '-Q' || CAST(EXTRACT(QUARTER FROM v.period_start) AS VARCHAR)
      WHEN 'year' THEN substr(CAST(v.period_start AS VARCHAR), 1, 4)
      ELSE CAST(v.period_start AS VARCHAR) END AS period,
    v.jobcenter_id,
    v.provider_id,
    v.instrument,
    v.measure_id,
    v.breakdown,
    v.numerator,
    v.denominator,
    v.final_value AS value,
    CAST(CASE
      WHEN v.has_wilson THEN
        CASE WHEN v.denominator > 0 AND v.numerator > 0 AND v.numerator <= v.denominator THEN
          ((v.numerator / v.denominator) + 1.959964 ^ 2 / (2 * v.denominator)
            - 1.959964 * sqrt((v.numerator / v.denominator) * (1 - v.numerator / v.denominator) / v.denominator
              + 1.959964 ^ 2 / (4 * v.denominator * v.denominator)))
          / (1 + 1.959964 ^ 2 / v.denominator)
        WHEN v.denominator > 0 AND v.numerator = 0 THEN 0.0 END
      WHEN v.has_byar THEN
        CASE WHEN v.denominator > 0 THEN
          CASE WHEN v.numerator = 0 THEN 0.0
          ELSE v.numerator * (1 - 1 / (9 * v.numerator) - 1.959964 / (3 * sqrt(v.numerator))) ^ 3 / v.denominator END END
      END AS DOUBLE PRECISION) AS ci_low,
    CAST(CASE
      WHEN v.has_wilson THEN
        CASE WHEN v.denominator > 0 AND v.numerator >= 0 AND v.numerator < v.denominator THEN
          ((v.numerator / v.denominator) + 1.959964 ^ 2 / (2 * v.denominator)
            + 1.959964 * sqrt((v.numerator / v.denominator) * (1 - v.numerator / v.denominator) / v.denominator
              + 1.959964 ^ 2 / (4 * v.denominator * v.denominator)))
          / (1 + 1.959964 ^ 2 / v.denominator)
        WHEN v.denominator > 0 AND v.numerator = v.denominator THEN 1.0 END
      WHEN v.has_byar THEN
        CASE WHEN v.denominator > 0 THEN
          (v.numerator + 1) * (1 - 1 / (9 * (v.numerator + 1)) + 1.959964 / (3 * sqrt(v.numerator + 1))) ^ 3 / v.denominator END
      END AS DOUBLE PRECISION) AS ci_high,
    coalesce(
      (v.discloses_numerator AND v.numerator >= 1 AND v.numerator < b.suppression_threshold)
      OR (v.discloses_denominator AND v.denominator >= 1 AND v.denominator < b.suppression_threshold)
      OR (v.discloses_units AND v.units >= 1 AND v.units < b.suppression_threshold), false) AS suppressed,
    greatest(
      CASE v.period_type
        WHEN 'month' THEN CAST(v.period_start + INTERVAL '1 month' AS DATE) - 1
        WHEN 'quarter' THEN CAST(v.period_start + INTERVAL '3 months' AS DATE) - 1
        WHEN 'year' THEN CAST(v.period_start + INTERVAL '1 year' AS DATE) - 1
        ELSE v.period_start END
        + coalesce(CASE WHEN v.window_is_horizon THEN CAST(ltrim(v.breakdown, 'd') AS INTEGER) ELSE v.window_days END, 0),
      v.open_until) > b.last_final_day AS provisional,
    b.as_of
  FROM valued AS v
  CROSS JOIN meta.build_parameters AS b
)

SELECT * FROM final
