-- mart.return_gender_counts: the state return's counts by gender (mart.indicator_values
-- has no gender breakdown).
-- Grain: one row per (period_type 'year'|'quarter', period, measure_id, gender) with at
--   least one unit; gender f | m | d | unknown (no '*' row: the total is entries/exits of
--   mart.indicator_values, and the parts must add up to it).
-- Depends: core.participations.
-- Definitions (indicators.md, same anchors as the indicator ids): entries by entry_date;
--   exits (entered and left) by exit_date, split by exit_class; no-shows by referral_date
--   (is_no_show: never started, 42-day window closed).
-- Checks: per measure and period the gender parts add up to `entries`/`exits` of
--   mart.indicator_values (asserted in test/reports).
CREATE OR REPLACE TABLE mart.return_gender_counts AS
WITH units AS (
  SELECT
    measure_id,
    coalesce(gender, 'unknown') AS gender,
    entry_date,
    CASE WHEN entry_date IS NOT NULL THEN exit_date END AS exit_date,
    exit_class,
    referral_date,
    is_no_show
  FROM core.participations
),

events AS (
  SELECT measure_id, gender, entry_date AS anchor, 'entries' AS figure FROM units WHERE entry_date IS NOT NULL
  UNION ALL
  SELECT measure_id, gender, exit_date, 'exits' FROM units WHERE exit_date IS NOT NULL
  UNION ALL
  SELECT measure_id, gender, exit_date, exit_class FROM units WHERE exit_date IS NOT NULL AND exit_class IN ('completed', 'positive_early_exit', 'dropout')
  UNION ALL
  SELECT measure_id, gender, referral_date, 'no_shows' FROM units WHERE is_no_show
),

by_period AS (
  SELECT 'year' AS period_type, strftime(anchor, '%Y') AS period, measure_id, gender, figure FROM events
  UNION ALL
  SELECT 'quarter', strftime(anchor, '%Y') || '-Q' || quarter(anchor)::VARCHAR, measure_id, gender, figure FROM events
),

final AS (
  SELECT
    period_type,
    period,
    measure_id,
    gender,
    count(*) FILTER (WHERE figure = 'entries') AS entries,
    count(*) FILTER (WHERE figure = 'exits') AS exits,
    count(*) FILTER (WHERE figure = 'completed') AS completions,
    count(*) FILTER (WHERE figure = 'positive_early_exit') AS positive_early_exits,
    count(*) FILTER (WHERE figure = 'dropout') AS dropouts,
    count(*) FILTER (WHERE figure = 'no_shows') AS no_shows,
    getvariable('as_of')::DATE AS as_of
  FROM by_period
  GROUP BY ALL
)

SELECT * FROM final
