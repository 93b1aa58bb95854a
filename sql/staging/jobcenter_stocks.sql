-- staging.jobcenter_stocks: one row per Jobcenter and month (stock figures for the
-- activation denominators). Grain: (jobcenter_id, month).
-- Depends: raw.jobcenter_stocks (_current only).
-- Rules: a month that starts after as-of does not exist yet. Checks: keys_unique.
CREATE OR REPLACE VIEW staging.jobcenter_stocks AS
WITH final AS (
  SELECT jobcenter_id, month, elb, unemployed, long_term_recipients, _file_id, _row
  FROM raw.jobcenter_stocks
  WHERE _current AND month <= getvariable('as_of')
)

SELECT * FROM final
