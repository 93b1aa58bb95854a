-- mart.return_disclosure: the disclosure rule and data cut-off the marts were built with,
-- so returns written later (`almp returns`) apply the same threshold as the build.
-- Grain: exactly one row.
-- last_final_day: the latest last day of a period that is final (core.last_final_day, the
--   3-month rule of indicators.md), for return sheets whose figures carry no flag of their own.
-- Depends: meta.build_parameters (written by the model runner for each build).
CREATE OR REPLACE TABLE mart.return_disclosure AS
WITH final AS (
  SELECT
    CAST(coalesce(suppression_threshold, 5) AS INTEGER) AS suppression_threshold,
    CAST(as_of AS DATE) AS as_of,
    CAST(last_final_day AS DATE) AS last_final_day
  FROM meta.build_parameters
)

SELECT * FROM final
