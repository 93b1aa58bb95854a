-- core.participation_months: one row per participation and calendar month in which it is
-- active (entry ≤ day ≤ exit, or ≤ as-of while still active), up to the month of as-of.
-- Grain: (participant_id, measure_id, referral_date, month). Depends: core.participations.
-- A view: expanding months is cheap, writing ~5 rows per participation is not.
-- Used for stocks at month end (activation, participants, at-risk) and occupancy: months
-- are expanded, days are not — days active come from date-range overlap arithmetic.
CREATE OR REPLACE VIEW core.participation_months AS
WITH spans AS (
  SELECT
    participant_id,
    referral_date,
    jobcenter_id,
    measure_id,
    provider_id,
    instrument,
    long_term_recipient,
    entry_date,
    least(coalesce(exit_date, getvariable('as_of')), getvariable('as_of')) AS active_to,
    exit_date
  FROM core.participations
  WHERE entry_date IS NOT NULL
),

months AS (
  SELECT
    s.*,
    unnest(generate_series(date_trunc('month', s.entry_date), date_trunc('month', s.active_to), INTERVAL 1 MONTH))::DATE AS month
  FROM spans AS s
),

final AS (
  SELECT
    participant_id,
    referral_date,
    jobcenter_id,
    measure_id,
    provider_id,
    instrument,
    long_term_recipient,
    month,
    greatest(entry_date, month) AS active_from_in_month,
    least(active_to, last_day(month)) AS active_to_in_month,
    -- both days count (indicators.md: entry ≤ d ≤ exit)
    last_day(month) <= getvariable('as_of') AND (exit_date IS NULL OR exit_date >= last_day(month)) AS active_at_month_end
  FROM months
)

SELECT * FROM final
