-- staging.attendance: one row per monthly absence report (Fehlzeitenmeldung) in force.
-- Grain: (measure_id, participant_id, month). Depends: raw.attendance (_current only).
-- Rules: a month that starts after as-of has not been reported yet.
-- Checks: keys_unique.
CREATE OR REPLACE VIEW staging.attendance AS
WITH final AS (
  SELECT
    provider_id, measure_id, participant_id, month,
    days_planned, days_present, days_excused, days_unexcused, days_sick,
    _file_id, _row
  FROM raw.attendance
  WHERE _current AND month <= getvariable('as_of')
)

SELECT * FROM final
