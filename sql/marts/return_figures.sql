-- mart.return_figures: the measure slice of mart.indicator_values that the Excel returns pick
-- from, stored sorted by (period, indicator, measure_id) so that a return's lookups (one
-- period, a few indicators) read a few row groups instead of the whole indicator table.
-- Grain: one row per (indicator, period_type, period, measure_id, breakdown); only the slice
--   with measure_id set and jobcenter/provider/instrument = '*', period types year, quarter
--   and stichtag (the returns are annual or quarterly; overdue reports are a stock).
-- Depends: mart.indicator_values. No figure is changed, only selected and ordered.
CREATE OR REPLACE TABLE mart.return_figures AS
WITH measure_slice AS (
  SELECT indicator, period_type, period, measure_id, breakdown, numerator, denominator, value, suppressed, provisional
  FROM mart.indicator_values
  WHERE measure_id <> '*' AND jobcenter_id = '*' AND provider_id = '*' AND instrument = '*'
    AND period_type IN ('year', 'quarter', 'stichtag')
),

final AS (
  SELECT * FROM measure_slice
  ORDER BY period, indicator, measure_id, breakdown
)

SELECT * FROM final
