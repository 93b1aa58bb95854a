-- severity: warning
-- description: final reports dated before the exit they report (the provider's exit date, or the matched Jobcenter exit): such a report counts as on time; check the report and exit dates
-- The report date is when the report reached the Jobcenter (contracts.md), so a final report
-- cannot precede the stay's end: one of the dates is wrong, or the report belongs to another
-- stay. report_on_time_rate counts it as "dated ≤ 14 days after exit" all the same.
-- A Jobcenter exit after as-of is not yet an exit (core.participations), so it is not compared.
-- The first delivery is compared, as report_on_time_rate counts it: a version dated before the
-- exit that a later correction replaced still made the report count as on time.
-- The report and the matched Jobcenter record (if any) are named by input file and row.
SELECT r.provider_id, r.measure_id, r.participant_id, r.jobcenter_id, r.entry_date, r.report_date, r.first_report_date,
  r.exit_date AS report_exit_date, r.jobcenter_exit_date,
  core.record_file(r._file_id, r._row) AS report_file, core.record_row(r._file_id, r._row) AS report_row,
  core.record_file(r.participation_file_id, r.participation_row) AS participation_file,
  core.record_row(r.participation_file_id, r.participation_row) AS participation_row
FROM core.final_reports AS r
WHERE r.first_report_date < r.exit_date
  OR r.first_report_date < r.jobcenter_exit_date
