-- severity: warning
-- description: measure quarters with more participant-days than places × contract days (occupancy above 100 %, or people in a measure with 0 places: places, contract dates or exits in the data?)
-- Overbooking happens, but far above 100 % a measure's places or contract dates are more
-- likely wrong, or exits are missing; the occupancy rate is published as computed.
-- A measure with 0 places has 0 place-days, so mart.indicator_values has no occupancy rate
-- for it (its row there has a null value, and only from core.coverage's first month) and
-- two people in it for a quarter went unlisted: its participant-days within the contract
-- (and as-of) are summed here from the participation months of those few measures. Reading core.ind_occupancy instead, which
-- has its denominator-0 rows, took 0.78 s at 10^6 (it rolls up every slice again) against
-- 0.02 s for the mart. Not cut to core.coverage as occupancy is: that cut keeps place-days
-- without their people from lowering a rate, and here every participant-day is a finding.
-- Empty places (or contract dates) are unknown, not 0: no occupancy rate, no finding here.
WITH above AS (
  SELECT measure_id, period, numerator AS participant_days, denominator AS place_days
  FROM mart.indicator_values
  WHERE indicator = 'occupancy_rate' AND period_type = 'quarter' AND measure_id <> '*'
    AND numerator > denominator AND denominator > 0
),

no_places AS (
  SELECT pm.measure_id, date_trunc('quarter', pm.month)::DATE AS quarter,
    sum(greatest(least(pm.active_to_in_month, m.contract_end) - greatest(pm.active_from_in_month, m.contract_start) + 1, 0)) AS participant_days
  FROM core.participation_months AS pm
  JOIN staging.measures AS m USING (measure_id)
  WHERE m.places = 0 AND m.contract_start IS NOT NULL AND m.contract_end IS NOT NULL
  GROUP BY ALL
)

SELECT * FROM above
UNION ALL
SELECT measure_id, strftime(quarter, '%Y') || '-Q' || quarter(quarter) AS period, participant_days::DOUBLE, 0::DOUBLE
FROM no_places
WHERE participant_days > 0
