-- severity: info
-- description: Jobcenter months with people in measures but a stock figure missing (no row, or elb, unemployed or long_term_recipients empty): the activation rate over it is left out (unemployed: AQ1, elb: ELB, long_term_recipients: LTR)
-- The months at whose end a participation is active (core.participation_months'
-- active_at_month_end) run from its entry month to the last month that ended by its exit
-- (or by as-of while active). They are expanded per distinct (Jobcenter, first, last
-- month) — a few thousand spans instead of 5·10^6 participation months at 10^6.
-- A row being there is not enough: `06412;2025-05;;;` is valid input and gives no
-- activation rate at all, and core.ind_activation computes each rate only where its own
-- figure is there. A figure counts as there when any row of the month holds it (repeated
-- rows of a key are summed there).
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
),

stocks AS (
  SELECT jobcenter_id, month,
    count(elb) > 0 AS has_elb, count(unemployed) > 0 AS has_unemployed, count(long_term_recipients) > 0 AS has_ltr
  FROM staging.jobcenter_stocks
  GROUP BY ALL
)

SELECT m.jobcenter_id, m.month,
  concat_ws(', ',
    CASE WHEN NOT coalesce(s.has_elb, false) THEN 'elb' END,
    CASE WHEN NOT coalesce(s.has_unemployed, false) THEN 'unemployed' END,
    CASE WHEN NOT coalesce(s.has_ltr, false) THEN 'long_term_recipients' END) AS missing
FROM months AS m
LEFT JOIN stocks AS s ON s.jobcenter_id = m.jobcenter_id AND s.month = m.month
WHERE NOT coalesce(s.has_elb AND s.has_unemployed AND s.has_ltr, false)
