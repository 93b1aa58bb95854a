-- mart.data_cutoff: the as-of of the build and the latest event in the data up to it
-- (referral, entry, exit, final report, status event — as pipelines/models/as-of.ts reads
-- the default as-of). An as-of given beyond the data (a cut-off announced ahead) makes
-- people without an exit active up to it and closes windows unobserved: the returns'
-- cover and the dashboards say so when latest_event < as_of. Grain: one row.
-- Depends: staging.participations, staging.final_reports, staging.outcomes, meta.build_parameters.
CREATE OR REPLACE TABLE mart.data_cutoff AS
WITH events AS (
  SELECT greatest(max(referral_date), max(entry_date), max(exit_date)) AS d FROM staging.participations
  UNION ALL SELECT max(report_date) FROM staging.final_reports
  UNION ALL SELECT max(status_date) FROM staging.outcomes
),

final AS (
  SELECT (SELECT as_of FROM meta.build_parameters) AS as_of, max(d) AS latest_event
  FROM events
)

SELECT * FROM final
