-- core.ind_attendance: attendance indicators, rolled up to periods and slices.
-- Grain: indicator × period × slice. Depends: staging.attendance, staging.measures,
--   core.participations.
-- attendance_rate: days present ÷ days planned (unit: participant-days), by report month;
--   provider and instrument from the measure, the Jobcenter the participation's own
--   (contracts.md): a person a neighbouring Jobcenter sent into a measure counts for that
--   Jobcenter, as in at_risk_participants. The report names person and measure, not the
--   referral: with several participations of the person in the measure, the one referred
--   last by the month's end gives the Jobcenter (else the first); a report that matches
--   no participation keeps the measure's Jobcenter. units: the monthly reports counted (one per participation and
--   month): a month's cell of 5 of 8 days was one person — disclosure counts people, not
--   days (in a quarter or year a person's months add up, so there it is an upper bound).
-- at_risk_participants: participations active at the month's end whose attendance that
--   month is below 80 % of the planned days or that have ≥ 3 unexcused days (period type
--   month only; unit: participations; slices of the participation). A participation
--   without an attendance report for the month is not counted as at risk. It is a stock at
--   the month's end, so like the stichtag stocks it has the measure slice at quarter ends
--   (March, June, September, December), not in every month (see core.keeps_slice).
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_attendance AS
-- Almost every participation belongs to its measure's Jobcenter: only the (person, measure)
-- pairs with a participation of another Jobcenter are looked up, so the 5·10^6 monthly
-- reports at 10^6 participations are joined to a (usually empty) list, not to every
-- participation (0.15 s instead of 0.9 s).
WITH other_jobcenter AS (
  SELECT DISTINCT p.participant_id, p.measure_id
  FROM core.participations AS p
  JOIN staging.measures AS m USING (measure_id)
  WHERE p.jobcenter_id IS DISTINCT FROM m.jobcenter_id
),

own_jobcenter AS (
  SELECT a.measure_id, a.participant_id, a.month,
    coalesce(
      arg_max(p.jobcenter_id, p.referral_date) FILTER (WHERE p.referral_date <= last_day(a.month)),
      arg_min(p.jobcenter_id, p.referral_date)) AS jobcenter_id
  FROM staging.attendance AS a
  SEMI JOIN other_jobcenter USING (participant_id, measure_id)
  JOIN core.participations AS p USING (participant_id, measure_id)
  GROUP BY a.measure_id, a.participant_id, a.month
),

attendance AS (
  SELECT
    a.month, coalesce(o.jobcenter_id, m.jobcenter_id) AS jobcenter_id, coalesce(m.provider_id, a.provider_id) AS provider_id,
    m.instrument, a.measure_id, a.days_present, a.days_planned
  FROM staging.attendance AS a
  LEFT JOIN staging.measures AS m USING (measure_id)
  LEFT JOIN own_jobcenter AS o USING (measure_id, participant_id, month)
  WHERE a.days_planned IS NOT NULL AND a.days_present IS NOT NULL
),

monthly AS (
  SELECT month, jobcenter_id, provider_id, instrument, measure_id,
    sum(days_present) AS days_present, sum(days_planned) AS days_planned,
    count(*) AS reports
  FROM attendance
  GROUP BY ALL
),

attendance_rates AS (
  SELECT
    'attendance_rate' AS indicator, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    days_present AS numerator,
    days_planned AS denominator,
    reports AS units
  FROM core.rolled_up('monthly')
),

-- risky months first, then the participation active at that month's end (entry ≤ end ≤
-- exit, end ≤ as-of): an equi-join on person and measure, no month expansion
risky AS (
  SELECT participant_id, measure_id, month, last_day(month) AS month_end
  FROM staging.attendance
  WHERE ((days_planned > 0 AND days_present < 0.8 * days_planned) OR days_unexcused >= 3)
    AND last_day(month) <= getvariable('as_of')
),

at_risk_units AS (
  SELECT r.month, p.jobcenter_id, p.provider_id, p.instrument,
    core.measure_key(p.measure_id, 'stichtag', r.month_end) AS measure_id
  FROM risky AS r
  JOIN core.participations AS p
    ON p.participant_id = r.participant_id AND p.measure_id = r.measure_id
  WHERE p.entry_date <= r.month_end AND (p.exit_date IS NULL OR p.exit_date >= r.month_end)
),

at_risk AS (
  SELECT
    'at_risk_participants' AS indicator, 'month' AS period_type, month AS period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    count(*)::DOUBLE AS numerator,
    NULL::DOUBLE AS denominator
  FROM at_risk_units
  GROUP BY month,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_slice(grouping(measure_id), 'stichtag', last_day(month))
),

final AS (
  SELECT *, '*' AS breakdown, NULL::DOUBLE AS value FROM attendance_rates
  UNION ALL BY NAME
  SELECT *, '*' AS breakdown, NULL::DOUBLE AS value, NULL::DOUBLE AS units FROM at_risk
)

SELECT * FROM final
