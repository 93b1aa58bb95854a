-- severity: warning
-- description: a provider reports an exit or a no-show that the matched Jobcenter record does not have (not counted as an exit)
-- A no-show report on a record with its entry and no exit: the person the provider says never
-- came stayed active in occupancy and activation without a finding (a data-quality audit).
SELECT r.provider_id, r.measure_id, r.participant_id, r.entry_date, r.exit_date AS report_exit_date, r.outcome,
  core.record_file(r._file_id, r._row) AS report_file, core.record_row(r._file_id, r._row) AS report_row,
  core.record_file(r.participation_file_id, r.participation_row) AS participation_file,
  core.record_row(r.participation_file_id, r.participation_row) AS participation_row
FROM core.final_reports AS r
WHERE r.is_matched AND r.jobcenter_exit_date IS NULL
  AND (r.exit_date IS NOT NULL OR r.outcome IN ('completed', 'dropout', 'positive_early_exit', 'no_show'))
