-- core.ind_referrals: the flow counts (referrals, entries, exits) and the no-show rate,
--   rolled up to periods and slices.
-- Grain: indicator × period × slice (the shape mart.indicator_values unions).
-- Depends: core.participations. Unit: participations.
-- referrals and no_show_rate by referral period (no-show window: referral + 42 ≤ as-of;
-- a late entry is not a no-show); entries by entry period; exits by exit period (the rates
-- over exits are core.ind_exits). The three counts share one grid: where a period and slice
-- has any referral, entry or exit, each of them has a row, 0 if none (a month with
-- entries but no exit has exits = 0, not a missing row that reads as 'no data').
-- One wide pass: monthly sums per cell → core.rolled_up (month/quarter/year × the slices
-- '*', Jobcenter, provider, instrument, measure, Jobcenter × instrument) → one row per indicator.
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_referrals AS
WITH units AS (
  SELECT
    date_trunc('month', referral_date)::DATE AS month, jobcenter_id, provider_id, instrument, measure_id,
    1 AS referrals,
    (no_show_window_closed AND is_no_show)::INTEGER AS no_shows,
    no_show_window_closed::INTEGER AS referrals_window_closed,
    0 AS entries,
    0 AS exits
  FROM core.participations
  UNION ALL
  SELECT
    date_trunc('month', entry_date)::DATE, jobcenter_id, provider_id, instrument, measure_id,
    0, 0, 0, 1, 0
  FROM core.participations
  WHERE entry_date IS NOT NULL
  UNION ALL
  SELECT
    date_trunc('month', exit_date)::DATE, jobcenter_id, provider_id, instrument, measure_id,
    0, 0, 0, 0, 1
  FROM core.participations
  WHERE exit_date IS NOT NULL
),

monthly AS (
  SELECT month, jobcenter_id, provider_id, instrument, measure_id,
    sum(referrals) AS referrals, sum(no_shows) AS no_shows,
    sum(referrals_window_closed) AS referrals_window_closed, sum(entries) AS entries, sum(exits) AS exits
  FROM units
  GROUP BY ALL
),

-- one row per indicator, unpivoted in the select list (a lateral unnest is planned as a join)
unpivoted AS (
  SELECT *, unnest([
    {'indicator': 'referrals', 'numerator': referrals, 'denominator': NULL::DOUBLE},
    {'indicator': 'no_show_rate', 'numerator': no_shows, 'denominator': referrals_window_closed},
    {'indicator': 'entries', 'numerator': entries, 'denominator': NULL},
    {'indicator': 'exits', 'numerator': exits, 'denominator': NULL}
  ]) AS c
  FROM core.rolled_up('monthly')
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM unpivoted
)

SELECT * FROM final
