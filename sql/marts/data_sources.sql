-- mart.data_sources: the files the figures were computed from (cover sheets). File name
-- only — never a path (it may name people or folders). Grain: one row per ingested file.
-- Depends: meta.files.
CREATE OR REPLACE TABLE mart.data_sources AS
WITH final AS (
  SELECT kind, name AS file_name, loaded_at, rows_loaded, rows_rejected
  FROM meta.files
  ORDER BY loaded_at, kind, name
)

SELECT * FROM final
