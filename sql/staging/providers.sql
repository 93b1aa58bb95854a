-- staging.providers: one row per provider in force. Grain: provider_id.
-- Depends: raw.providers (_current only). Checks: keys_unique.
CREATE OR REPLACE VIEW staging.providers AS
WITH final AS (
  SELECT provider_id, name, provider_type, _file_id, _row
  FROM raw.providers
  WHERE _current
)

SELECT * FROM final
