-- core.ind_attendance: the attendance rate, rolled up to periods and slices (the at-risk
--   count is a stock: core.ind_stocks).
-- Grain: indicator × period × slice. Depends: staging.attendance, staging.measures,
--   core.participations.
-- attendance_rate: days present ÷ days planned (unit: participant-days), by report month;
--   provider and instrument from the measure, the Jobcenter the participation's own
--   (contracts.md): a person a neighbouring Jobcenter sent into a measure counts for that
--   Jobcenter, as in at_risk_participants (core.ind_stocks). The report names person and measure, not the
--   referral: with several participations of the person in the measure, the one referred
--   last by the month's end gives the Jobcenter (else the first); a report that matches
--   no participation keeps the measure's Jobcenter. units: the monthly reports counted (one per participation and
--   month): a month's cell of 5 of 8 days was one person — disclosure counts people, not
--   days (in a quarter or year a person's months add up, so there it is an upper bound).
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_attendance AS
-- Almost every participation belongs to its measure's Jobcenter: only the (person, measure)
-- pairs with a participation of another Jobcenter are looked up, so the 5·10^6 monthly
-- reports at 10^6 participations are joined to a (usually empty) list, not to every
-- participation (0.15 s instead of 0.9 s). A measure missing from the measures file has no
-- Jobcenter to fall back on: its participations are looked up too (an inner join left their
-- days under 'unknown' while at_risk_participants counted the person for its Jobcenter).
WITH other_jobcenter AS (
  SELECT DISTINCT p.participant_id, p.measure_id
  FROM core.participations AS p
  LEFT JOIN staging.measures AS m USING (measure_id)
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

final AS (
  SELECT *, '*' AS breakdown, NULL::DOUBLE AS value FROM attendance_rates
)

SELECT * FROM final
