-- mart.return_figures: the measure slice of mart.indicator_values that the Excel returns pick
-- from. A view: storing the slice cost more of the model build (4.9·10^6 rows written and
-- sorted at 10^6 participations, ~4 s) than the few filtered scans a returns run makes
-- (one per layout: the Jobcenter workbooks share theirs, reports/model/mart-reader.ts).
-- Grain: one row per (indicator, period_type, period, measure_id, breakdown); only the slice
--   with measure_id set and jobcenter/provider/instrument = '*', period types year, quarter
--   and stichtag (the returns are annual or quarterly; overdue reports are a stock).
-- Depends: mart.indicator_values. No figure is changed, only selected.
CREATE OR REPLACE VIEW mart.return_figures AS
WITH final AS (
  SELECT indicator, period_type, period, measure_id, breakdown, numerator, denominator, value, suppressed, provisional
  FROM mart.indicator_values
  WHERE measure_id <> '*' AND jobcenter_id = '*' AND provider_id = '*' AND instrument = '*'
    AND period_type IN ('year', 'quarter', 'stichtag')
)

SELECT * FROM final
