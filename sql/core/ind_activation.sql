-- core.ind_activation: activation rates at each month end (stichtag); unit: PERSONS (distinct
-- pseudonyms), so one person in two measures on the reference date counts once.
-- Grain: one row per indicator × reference date × slice ('*' or jobcenter — the only
--   slices with a denominator). Depends: core.participation_months,
--   staging.jobcenter_stocks, ref.instrument_activation.
-- A person counts when active on the reference date in a participation whose instrument
--   counts as activation that day (the catalogue's latest recorded version; 16k has no
--   row and never counts). Only Jobcenters with a stock row for the month are included,
--   in numerator and denominator alike ('*' = those Jobcenters together).
-- aq1: persons ÷ (persons + unemployed); elb: persons ÷ elb; ltr: long-term recipients
--   among the persons ÷ long_term_recipients.
CREATE OR REPLACE TABLE core.ind_activation AS
WITH catalogue AS (
  SELECT code, valid_from, valid_to
  FROM ref.instrument_activation
  QUALIFY recorded_on IS NOT DISTINCT FROM max(recorded_on) OVER (PARTITION BY code)
),

stocks AS (
  SELECT jobcenter_id, last_day(month) AS stichtag, elb, unemployed, long_term_recipients
  FROM staging.jobcenter_stocks
  WHERE last_day(month) <= getvariable('as_of')
),

active AS (
  SELECT pm.participant_id, pm.jobcenter_id, last_day(pm.month) AS stichtag, coalesce(pm.long_term_recipient, false) AS ltr
  FROM core.participation_months AS pm
  JOIN catalogue AS c
    ON c.code = pm.instrument
    AND c.valid_from <= last_day(pm.month)
    AND (c.valid_to IS NULL OR last_day(pm.month) <= c.valid_to)
  WHERE pm.active_at_month_end
),

persons AS (
  SELECT
    a.stichtag,
    core.slice(grouping(a.jobcenter_id), a.jobcenter_id) AS jobcenter_id,
    count(DISTINCT a.participant_id) AS persons,
    count(DISTINCT CASE WHEN a.ltr THEN a.participant_id END) AS ltr_persons
  FROM active AS a
  SEMI JOIN stocks AS s ON s.jobcenter_id = a.jobcenter_id AND s.stichtag = a.stichtag
  GROUP BY a.stichtag, GROUPING SETS ((), (a.jobcenter_id))
),

denominators AS (
  SELECT
    stichtag,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    sum(elb) AS elb,
    sum(unemployed) AS unemployed,
    sum(long_term_recipients) AS long_term_recipients
  FROM stocks
  GROUP BY stichtag, GROUPING SETS ((), (jobcenter_id))
),

joined AS (
  SELECT d.*, coalesce(p.persons, 0) AS persons, coalesce(p.ltr_persons, 0) AS ltr_persons
  FROM denominators AS d
  LEFT JOIN persons AS p USING (stichtag, jobcenter_id)
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, 'stichtag' AS period_type, j.stichtag AS period_start,
    j.jobcenter_id, '*' AS provider_id, '*' AS instrument, '*' AS measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM joined AS j, unnest([
    {'indicator': 'activation_rate_aq1', 'numerator': persons::DOUBLE, 'denominator': (persons + unemployed)::DOUBLE},
    {'indicator': 'activation_rate_elb', 'numerator': persons, 'denominator': elb},
    {'indicator': 'activation_rate_ltr', 'numerator': ltr_persons, 'denominator': long_term_recipients}
  ]) AS x(c)
)

SELECT * FROM final
