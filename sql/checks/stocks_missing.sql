-- severity: info
-- description: Jobcenter months with people in measures but no stock figures (no activation rate for them)
-- The months at whose end a participation is active (core.participation_months'
-- active_at_month_end) run from its entry month to the last month that ended by its exit
-- (or by as-of while active). They are expanded per distinct (Jobcenter, first, last
-- month) — a few thousand spans instead of 5·10^6 participation months at 10^6.
WITH spans AS (
  SELECT DISTINCT
    jobcenter_id,
    date_trunc('month', entry_date) AS first_month,
    date_trunc('month', least(coalesce(exit_date, getvariable('as_of')), getvariable('as_of')) + 1) - INTERVAL 1 MONTH AS last_month
  FROM core.participations
  WHERE entry_date IS NOT NULL
),

months AS (
  SELECT DISTINCT jobcenter_id, unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH))::DATE AS month
  FROM spans
)

SELECT m.jobcenter_id, m.month
FROM months AS m
ANTI JOIN staging.jobcenter_stocks AS s ON s.jobcenter_id = m.jobcenter_id AND s.month = m.month
