-- staging.final_reports: one row per provider final report (Abschlussbericht) in force.
-- Grain: (provider_id, measure_id, participant_id, entry_date).
-- Depends: raw.final_reports (_current only).
-- Rules: a report that reached the Jobcenter after as-of does not exist yet. The free-text
--   columns (reason_text, follow_up_recommendation) are not carried: they may hold
--   personal data and are never interpreted or exported. Null lists → empty lists.
-- Checks: keys_unique, reports_unmatched.
CREATE OR REPLACE VIEW staging.final_reports AS
WITH source AS (
  SELECT *
  FROM raw.final_reports
  WHERE _current AND report_date <= getvariable('as_of')
),

final AS (
  SELECT
    provider_id,
    measure_id,
    participant_id,
    report_date,
    entry_date,
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
  FROM source
)

SELECT * FROM final
