-- core.cells_referrals: additive indicator cells of phase 1 (referral and start).
-- Grain: one row per indicator × month × (jobcenter, measure) — the finest slice grain
--   (a measure fixes provider and instrument); mart.indicator_values rolls cells up to
--   quarters, years and slices. Unit: participations.
-- Depends: core.participations.
-- referrals, no_show_rate (42-day window closed: referral + 42 ≤ as-of): by referral month;
-- entries: by entry month.
CREATE OR REPLACE TABLE core.cells_referrals AS
WITH by_referral AS (
  SELECT
    date_trunc('month', referral_date)::DATE AS period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    count(*) AS referrals,
    count_if(no_show_window_closed AND is_no_show) AS no_shows,
    count_if(no_show_window_closed) AS referrals_window_closed
  FROM core.participations
  GROUP BY ALL
),

by_entry AS (
  SELECT
    date_trunc('month', entry_date)::DATE AS period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    count(*) AS entries
  FROM core.participations
  WHERE entry_date IS NOT NULL
  GROUP BY ALL
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, NULL::VARCHAR AS period_type, r.period_start,
    r.jobcenter_id, r.provider_id, r.instrument, r.measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS units
  FROM by_referral AS r, unnest([
    {'indicator': 'referrals', 'numerator': referrals::DOUBLE, 'denominator': NULL::DOUBLE},
    {'indicator': 'no_show_rate', 'numerator': no_shows::DOUBLE, 'denominator': referrals_window_closed::DOUBLE}
  ]) AS x(c)
  UNION ALL
  SELECT
    'entries', '*', NULL, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    entries, NULL, NULL
  FROM by_entry
)

SELECT * FROM final
