-- mart.return_gender_counts: the state return's counts by gender (mart.indicator_values
-- has no gender breakdown).
-- Grain: one row per (period_type 'year'|'quarter', period, measure_id, gender) with at
--   least one unit; gender f | m | d | unknown (no '*' row: the total is entries/exits of
--   mart.indicator_values, and the parts must add up to it).
-- Depends: core.participations, meta.build_parameters.
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

-- One row per unit and anchor date; an exit carries its class, so the class counts need no rows of their own.
events AS (
  SELECT measure_id, gender, entry_date AS anchor, 'entry' AS figure, NULL AS exit_class FROM units WHERE entry_date IS NOT NULL
  UNION ALL
  SELECT measure_id, gender, exit_date, 'exit', exit_class FROM units WHERE exit_date IS NOT NULL
  UNION ALL
  SELECT measure_id, gender, referral_date, 'no_show', NULL FROM units WHERE is_no_show
),

-- Counted by year and quarter as numbers; the period labels are formatted on the counts only.
counts AS (
  SELECT
    measure_id,
    gender,
    EXTRACT(YEAR FROM anchor) AS y,
    EXTRACT(QUARTER FROM anchor) AS q,
    GROUPING(EXTRACT(QUARTER FROM anchor)) AS is_year,
    count(*) FILTER (WHERE figure = 'entry') AS entries,
    count(*) FILTER (WHERE figure = 'exit') AS exits,
    count(*) FILTER (WHERE figure = 'exit' AND exit_class = 'completed') AS completions,
    count(*) FILTER (WHERE figure = 'exit' AND exit_class = 'positive_early_exit') AS positive_early_exits,
    count(*) FILTER (WHERE figure = 'exit' AND exit_class = 'dropout') AS dropouts,
    count(*) FILTER (WHERE figure = 'no_show') AS no_shows
  FROM events
  GROUP BY GROUPING SETS (
    (measure_id, gender, EXTRACT(YEAR FROM anchor)),
    (measure_id, gender, EXTRACT(YEAR FROM anchor), EXTRACT(QUARTER FROM anchor)))
),

final AS (
  SELECT
    CASE WHEN is_year = 1 THEN 'year' ELSE 'quarter' END AS period_type,
    CASE WHEN is_year = 1 THEN lpad(CAST(y AS VARCHAR), 4, '0')
      ELSE lpad(CAST(y AS VARCHAR), 4, '0') || '-Q' || CAST(q AS VARCHAR) END AS period,
    measure_id,
    gender,
    entries,
    exits,
    completions,
    positive_early_exits,
    dropouts,
    no_shows,
    (SELECT as_of FROM meta.build_parameters) AS as_of
  FROM counts
)

SELECT * FROM final
