-- severity: warning
-- description: final reports that match no Jobcenter participation (pseudonym, measure, entry date)
SELECT r.provider_id, r.measure_id, r.participant_id, r.entry_date, r.report_date,
  f.name AS report_file, r._row AS report_row
FROM core.final_reports AS r
LEFT JOIN meta.files AS f ON f.file_id = r._file_id
WHERE NOT r.is_matched
