-- mart.return_disclosure: the disclosure rule and data cut-off the marts were built with,
-- so returns written later (`almp returns`) apply the same threshold as the build.
-- Grain: exactly one row.
-- last_final_day: the latest last day of a period that is final (core.last_final_day, the
--   3-month rule of indicators.md), for return sheets whose figures carry no flag of their own.
-- Depends: session variables as_of and suppression_threshold (set by the model runner).
CREATE OR REPLACE TABLE mart.return_disclosure AS
WITH final AS (
  SELECT
    coalesce(getvariable('suppression_threshold'), 5)::INTEGER AS suppression_threshold,
    getvariable('as_of')::DATE AS as_of,
    core.last_final_day()::DATE AS last_final_day
)

SELECT * FROM final
