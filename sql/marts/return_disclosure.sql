-- mart.return_disclosure: the disclosure rule and data cut-off the marts were built with,
-- so returns written later (`almp returns`) apply the same threshold as the build.
-- Grain: exactly one row.
-- Depends: session variables as_of and suppression_threshold (set by the model runner).
CREATE OR REPLACE TABLE mart.return_disclosure AS
WITH final AS (
  SELECT
    coalesce(getvariable('suppression_threshold'), 5)::INTEGER AS suppression_threshold,
    getvariable('as_of')::DATE AS as_of
)

SELECT * FROM final
