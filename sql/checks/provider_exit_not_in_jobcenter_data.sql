-- severity: warning
-- description: a provider reports an exit that the matched Jobcenter record does not have (not counted as an exit)
SELECT r.provider_id, r.measure_id, r.participant_id, r.entry_date, r.exit_date AS report_exit_date, r.outcome,
  rf.name AS report_file, r._row AS report_row, f.name AS participation_file, r.participation_row
FROM core.final_reports AS r
LEFT JOIN meta.files AS rf ON rf.file_id = r._file_id
LEFT JOIN meta.files AS f ON f.file_id = r.participation_file_id
WHERE r.is_matched AND r.jobcenter_exit_date IS NULL
  AND (r.exit_date IS NOT NULL OR r.outcome IN ('completed', 'dropout', 'positive_early_exit'))
