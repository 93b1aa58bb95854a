-- core.ind_referrals: phase 1 indicators (referral and start), rolled up to periods and slices.
-- Grain: indicator × period × slice (the shape mart.indicator_values unions).
-- Depends: core.participations. Unit: participations.
-- referrals and no_show_rate by referral period (no-show window: referral + 42 ≤ as-of;
-- a late entry is not a no-show); entries by entry period.
-- One wide pass: monthly sums → month/quarter/year → GROUPING SETS over the slices
-- ('*', Jobcenter, provider, instrument, measure, Jobcenter × instrument) → one row per indicator.
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_referrals AS
WITH units AS (
  SELECT
    date_trunc('month', referral_date)::DATE AS month, jobcenter_id, provider_id, instrument, measure_id,
    1 AS referrals,
    (no_show_window_closed AND is_no_show)::INTEGER AS no_shows,
    no_show_window_closed::INTEGER AS referrals_window_closed,
    0 AS entries
  FROM core.participations
  UNION ALL
  SELECT
    date_trunc('month', entry_date)::DATE, jobcenter_id, provider_id, instrument, measure_id,
    0, 0, 0, 1
  FROM core.participations
  WHERE entry_date IS NOT NULL
),

monthly AS (
  SELECT month, jobcenter_id, provider_id, instrument, measure_id,
    sum(referrals) AS referrals, sum(no_shows) AS no_shows,
    sum(referrals_window_closed) AS referrals_window_closed, sum(entries) AS entries
  FROM units
  GROUP BY ALL
),

expanded AS (
  SELECT m.* REPLACE (core.measure_key(m.measure_id, p.period_type, p.period_start) AS measure_id), p.period_type, p.period_start
  FROM monthly AS m, unnest(core.periods_of(NULL, m.month)) AS x(p)
),

rolled_up AS (
  SELECT
    period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    sum(referrals) AS referrals, sum(no_shows) AS no_shows,
    sum(referrals_window_closed) AS referrals_window_closed, sum(entries) AS entries
  FROM expanded
  GROUP BY period_type, period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_slice(grouping(measure_id), period_type, period_start)
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, r.period_type, r.period_start,
    r.jobcenter_id, r.provider_id, r.instrument, r.measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM rolled_up AS r, unnest([
    {'indicator': 'referrals', 'numerator': referrals::DOUBLE, 'denominator': NULL::DOUBLE},
    {'indicator': 'no_show_rate', 'numerator': no_shows, 'denominator': referrals_window_closed},
    {'indicator': 'entries', 'numerator': entries, 'denominator': NULL}
  ]) AS x(c)
)

SELECT * FROM final
