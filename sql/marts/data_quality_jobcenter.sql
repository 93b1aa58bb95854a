-- mart.data_quality_jobcenter: the failing rows of each check (sql/checks/*.sql) counted per
-- Jobcenter they belong to (pipelines/models/check-jobcenter.ts: the row's jobcenter_id, its
-- measure's or its participation's Jobcenter), for the Jobcenter controlling returns.
-- Grain: check × jobcenter_id; jobcenter_id NULL = rows no Jobcenter can be named for, or
--   whose Jobcenter is not in the Jobcenter list (the returns' Land-wide column).
-- Checks without failing rows have no row here.
-- Depends: meta.check_results_jobcenter (written by the model runner with meta.check_results),
--   meta.build_parameters (this build's run_id).
CREATE OR REPLACE TABLE mart.data_quality_jobcenter AS
WITH this_run AS (
  SELECT "check", jobcenter_id, failing_rows
  FROM meta.check_results_jobcenter
  WHERE run_id = (SELECT run_id FROM meta.build_parameters)
),

final AS (
  SELECT "check", jobcenter_id, failing_rows
  FROM this_run
  ORDER BY "check", jobcenter_id NULLS LAST
)

SELECT * FROM final
