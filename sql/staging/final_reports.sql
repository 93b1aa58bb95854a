-- staging.final_reports: one row per provider final report (Abschlussbericht) in force.
-- Grain: (provider_id, measure_id, participant_id, entry_date).
-- Depends: raw.final_reports (the version in force at as-of).
-- Rules: a report that reached the Jobcenter after as-of does not exist yet; nor does a
--   correction of it: then the version it replaced is in force (the last one ingested that
--   is dated ≤ as-of), so a rebuild at an earlier as-of gives the figures known then.
--   first_report_date: when the first version of the report reached the Jobcenter (a
--   correction does not make a report that arrived in time late). The free-text
--   columns (reason_text, follow_up_recommendation) are not carried: they may hold
--   personal data and are never interpreted or exported. Null lists → empty lists.
-- Checks: keys_unique, reports_unmatched.
CREATE OR REPLACE VIEW staging.final_reports AS
WITH current_reports AS (
  SELECT *
  FROM raw.final_reports
  WHERE _current AND report_date <= getvariable('as_of')
),

-- keys whose correction is dated after as-of: rare, so only their older versions are sorted
corrected_later AS (
  SELECT provider_id, measure_id, participant_id, entry_date
  FROM raw.final_reports
  WHERE _current AND report_date > getvariable('as_of')
),

replaced_versions AS (
  SELECT r.*
  FROM raw.final_reports AS r
  SEMI JOIN corrected_later AS c
    ON r.provider_id = c.provider_id AND r.measure_id = c.measure_id
    AND r.participant_id = c.participant_id AND r.entry_date IS NOT DISTINCT FROM c.entry_date
  WHERE NOT r._current AND r.report_date <= getvariable('as_of')
  QUALIFY row_number() OVER (
    PARTITION BY r.provider_id, r.measure_id, r.participant_id, r.entry_date ORDER BY r._file_id DESC, r._row DESC
  ) = 1
),

source AS (
  SELECT * FROM current_reports
  UNION ALL
  SELECT * FROM replaced_versions
),

-- earliest delivery of the keys that have older versions (few: corrections)
first_deliveries AS (
  SELECT provider_id, measure_id, participant_id, entry_date, min(report_date) AS first_report_date
  FROM raw.final_reports
  WHERE NOT _current AND report_date <= getvariable('as_of')
  GROUP BY ALL
),

final AS (
  SELECT
    s.provider_id,
    s.measure_id,
    s.participant_id,
    s.report_date,
    least(s.report_date, f.first_report_date) AS first_report_date,
    s.entry_date,
    exit_date,
    outcome,
    dropout_initiator,
    coalesce(list_filter(dropout_reasons, r -> nullif(trim(r), '') IS NOT NULL), []) AS dropout_reasons,
    first_warning_date,
    jobcenter_informed_date,
    days_planned,
    days_attended,
    absence_excused,
    absence_unexcused,
    absence_sick,
    coalesce(goals, []) AS goals,
    debriefing_date,
    participant_feedback,
    _file_id,
    _row
  FROM source AS s
  LEFT JOIN first_deliveries AS f
    ON s.provider_id = f.provider_id AND s.measure_id = f.measure_id
    AND s.participant_id = f.participant_id AND s.entry_date IS NOT DISTINCT FROM f.entry_date
)

SELECT * FROM final
