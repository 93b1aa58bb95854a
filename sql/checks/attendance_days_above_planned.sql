-- severity: warning
-- description: monthly absence reports with more days present, or present and absent (E, UE, K) together, than days planned: the attendance rate of that month counts more than 100 % of its planned days; check the report's days
-- E, UE and K are the kinds of absence (domain.md) and do not overlap with presence, so a
-- report's days present and absent add up to at most its days planned. Above that one of the
-- numbers is wrong, and attendance_rate (days present ÷ days planned) takes it as reported: a
-- month of 25 present of 20 planned lifts a measure's rate, and a participant's own month
-- above 100 % hides an at-risk month. Each day count alone is checked at ingest (0..31).
-- The report is named by input file and row.
SELECT a.provider_id, a.measure_id, a.participant_id, a.month, a.days_planned, a.days_present,
  a.days_excused, a.days_unexcused, a.days_sick,
  core.record_file(a._file_id, a._row) AS file, core.record_row(a._file_id, a._row) AS "row"
FROM staging.attendance AS a
WHERE a.days_present > a.days_planned
  OR a.days_present + coalesce(a.days_excused, 0) + coalesce(a.days_unexcused, 0) + coalesce(a.days_sick, 0) > a.days_planned
