-- severity: error
-- description: every final report names a known provider and measure
-- A report of a provider missing from the list was sliced under that provider's number in
-- report_match_rate without a finding (a data-quality audit); one of an unknown measure has
-- no instrument (reports_unmatched lists it too, as it matches no participation).
SELECT r.provider_id, r.measure_id, r.participant_id, r.entry_date,
  p.provider_id IS NULL AS provider_unknown, m.measure_id IS NULL AS measure_unknown,
  core.record_file(r._file_id, r._row) AS report_file, core.record_row(r._file_id, r._row) AS report_row
FROM core.final_reports AS r
LEFT JOIN (SELECT DISTINCT provider_id FROM staging.providers) AS p USING (provider_id)
LEFT JOIN (SELECT DISTINCT measure_id FROM staging.measures) AS m USING (measure_id)
WHERE p.provider_id IS NULL OR m.measure_id IS NULL
