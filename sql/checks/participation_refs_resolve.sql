-- severity: error
-- description: every participation names a known measure and Jobcenter (else it has no provider or instrument)
SELECT pa.participant_id, pa.measure_id, pa.referral_date, pa.jobcenter_id,
  m.measure_id IS NULL AS measure_unknown, j.jobcenter_id IS NULL AS jobcenter_unknown,
  core.record_file(pa._file_id, pa._row) AS participation_file, core.record_row(pa._file_id, pa._row) AS participation_row
FROM staging.participations AS pa
-- the lists' ids once each: a measure or Jobcenter listed twice (keys_unique's finding) listed
-- the participation twice
LEFT JOIN (SELECT DISTINCT measure_id FROM staging.measures) AS m USING (measure_id)
LEFT JOIN (SELECT DISTINCT jobcenter_id FROM staging.jobcenters) AS j ON j.jobcenter_id = pa.jobcenter_id
WHERE m.measure_id IS NULL OR j.jobcenter_id IS NULL
