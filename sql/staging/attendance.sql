-- staging.attendance: one row per monthly absence report (Fehlzeitenmeldung) in force.
-- Grain: (measure_id, participant_id, month). Depends: raw.attendance (_current only).
-- Rules: a report gives the days of its whole month, so a month that has not ended by as-of
--   has not been reported yet (a run as of 15.07. counted July's reports; at_risk_participants,
--   a month-end figure, had no July either).
-- Checks: keys_unique.
CREATE OR REPLACE VIEW staging.attendance AS
WITH final AS (
  SELECT
    provider_id, measure_id, participant_id, month,
    days_planned, days_present, days_excused, days_unexcused, days_sick,
    _file_id, _row
  FROM raw.attendance
  WHERE _current AND last_day(month) <= getvariable('as_of')
)

SELECT * FROM final
