-- severity: error
-- description: every measure names a known provider and Jobcenter
-- measure_file, measure_row: where the clerk finds the record, as every record-level check names it
SELECT m.measure_id, m.provider_id, m.jobcenter_id,
  p.provider_id IS NULL AS provider_unknown, j.jobcenter_id IS NULL AS jobcenter_unknown,
  core.record_file(m._file_id, m._row) AS measure_file, core.record_row(m._file_id, m._row) AS measure_row
FROM staging.measures AS m
-- the lists' ids once each: a provider or Jobcenter listed twice (keys_unique's finding) listed
-- the measure twice
LEFT JOIN (SELECT DISTINCT provider_id FROM staging.providers) AS p USING (provider_id)
LEFT JOIN (SELECT DISTINCT jobcenter_id FROM staging.jobcenters) AS j ON j.jobcenter_id = m.jobcenter_id
WHERE p.provider_id IS NULL OR j.jobcenter_id IS NULL
