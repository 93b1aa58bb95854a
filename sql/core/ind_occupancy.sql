-- core.ind_occupancy: occupancy_rate, rolled up to periods and slices.
-- Grain: period × slice. Depends: core.participation_months, staging.measures, core.coverage.
-- occupancy_rate = participant-days active in the measure ÷ (places × days of the contract
--   in the period) (unit: participant-days). Both are clipped to the contract
--   (contract_start..contract_end) and to as-of, so a running month compares like with
--   like; day counts are date-range overlaps (both ends count), never expanded days.
--   Measures without places or contract dates have no denominator and are left out.
--   A measure contracted before its Jobcenter's participation data begin (core.coverage)
--   counts only from the first month in which everyone in it must have entered within
--   the data: covered_from + the measure's planned duration (without a planned duration:
--   never). Earlier, people who entered before the data are missing, and occupancy would
--   read far too low (1 % in the first month of the data), not just unknown.
--   Slices from the measure (its Jobcenter). units: the participations active in the
--   measure in the month (within the contract), summed over a quarter's or year's months:
--   disclosure counts people, not days (a month's 31 of 62 place-days was one person), as
--   for the attendance rate; over several months an upper bound of the people.
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_occupancy AS
WITH contracted AS (
  SELECT m.measure_id, m.jobcenter_id, m.provider_id, m.instrument, m.places, m.contract_start,
    least(m.contract_end, getvariable('as_of')) AS contract_to,
    CASE
      WHEN date_trunc('month', m.contract_start) >= v.covered_from THEN date_trunc('month', m.contract_start)
      -- the first month that begins on or after covered_from + planned duration
      ELSE date_trunc('month', v.covered_from + m.planned_duration_days - 1) + INTERVAL 1 MONTH
    END::DATE AS first_month
  FROM staging.measures AS m
  JOIN core.coverage AS v USING (jobcenter_id)
  WHERE m.places IS NOT NULL AND m.contract_start IS NOT NULL AND m.contract_end IS NOT NULL
    AND m.contract_start <= getvariable('as_of')
),

measures AS (
  SELECT * FROM contracted WHERE first_month IS NOT NULL
),

capacity AS (
  SELECT
    m.* EXCLUDE (first_month),
    unnest(generate_series(m.first_month, date_trunc('month', m.contract_to), INTERVAL 1 MONTH))::DATE AS month
  FROM measures AS m
  WHERE m.contract_to >= m.contract_start
),

days AS (
  SELECT
    pm.measure_id, pm.month,
    greatest(least(pm.active_to_in_month, m.contract_to) - greatest(pm.active_from_in_month, m.contract_start) + 1, 0) AS participant_days
  FROM core.participation_months AS pm
  JOIN measures AS m USING (measure_id)
),

used AS (
  SELECT measure_id, month, sum(participant_days) AS participant_days, count(*) FILTER (WHERE participant_days > 0) AS participations
  FROM days
  GROUP BY ALL
),

monthly AS (
  SELECT
    c.month, c.jobcenter_id, c.provider_id, c.instrument, c.measure_id,
    coalesce(u.participant_days, 0) AS participant_days,
    coalesce(u.participations, 0) AS participations,
    c.places * (least(c.contract_to, last_day(c.month)) - greatest(c.contract_start, c.month) + 1) AS place_days
  FROM capacity AS c
  LEFT JOIN used AS u USING (measure_id, month)
),

final AS (
  SELECT
    'occupancy_rate' AS indicator, '*' AS breakdown, period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    participant_days AS numerator,
    place_days AS denominator,
    NULL::DOUBLE AS value,
    participations AS units
  FROM core.rolled_up('monthly')
)

SELECT * FROM final
