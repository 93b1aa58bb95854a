-- severity: warning
-- description: measure quarters with more participant-days than places × contract days (occupancy above 100 %: places, contract dates or exits in the data?)
-- Overbooking happens, but far above 100 % a measure's places or contract dates are more
-- likely wrong, or exits are missing; the occupancy rate is published as computed.
SELECT measure_id, period, numerator AS participant_days, denominator AS place_days
FROM mart.indicator_values
WHERE indicator = 'occupancy_rate' AND period_type = 'quarter' AND measure_id <> '*'
  AND numerator > denominator
