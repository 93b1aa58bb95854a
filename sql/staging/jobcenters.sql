-- staging.jobcenters: one row per Jobcenter in force. Grain: jobcenter_id.
-- Depends: raw.jobcenters (_current only). Checks: keys_unique.
CREATE OR REPLACE VIEW staging.jobcenters AS
WITH final AS (
  SELECT jobcenter_id, name, type, state, region, _file_id, _row
  FROM raw.jobcenters
  WHERE _current
)

SELECT * FROM final
