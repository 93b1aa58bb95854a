-- mart.data_quality: the data-quality findings of this build (sql/checks/*.sql), one row
-- per check with the number of failing rows. Grain: check.
-- Depends: meta.check_results (written by the model runner just before this model),
--   meta.build_parameters (this build's run_id).
CREATE OR REPLACE TABLE mart.data_quality AS
WITH final AS (
  SELECT "check", severity, description, failing_rows, as_of
  FROM meta.check_results
  WHERE run_id = (SELECT run_id FROM meta.build_parameters)
  ORDER BY CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, "check"
)

SELECT * FROM final
