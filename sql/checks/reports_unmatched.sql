-- severity: warning
-- description: final reports that match no Jobcenter participation (pseudonym, measure, entry date)
SELECT r.provider_id, r.measure_id, r.participant_id, r.entry_date, r.report_date,
  core.record_file(r._file_id, r._row) AS report_file, core.record_row(r._file_id, r._row) AS report_row
FROM core.final_reports AS r
WHERE NOT r.is_matched
