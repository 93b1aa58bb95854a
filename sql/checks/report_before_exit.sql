-- severity: warning
-- description: final reports dated before the exit they report (the provider's exit date, or the matched Jobcenter exit): such a report counts as on time; check the report and exit dates
-- The report date is when the report reached the Jobcenter (contracts.md), so a final report
-- cannot precede the stay's end: one of the dates is wrong, or the report belongs to another
-- stay. report_on_time_rate counts it as "dated ≤ 14 days after exit" all the same.
-- A Jobcenter exit after as-of is not yet an exit (core.participations), so it is not compared.
SELECT provider_id, measure_id, participant_id, jobcenter_id, entry_date, report_date,
  exit_date AS report_exit_date, jobcenter_exit_date
FROM core.final_reports
WHERE report_date < exit_date
  OR report_date < jobcenter_exit_date
