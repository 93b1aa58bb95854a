-- severity: error
-- description: every participation names a known measure and Jobcenter (else it has no provider or instrument)
SELECT pa.participant_id, pa.measure_id, pa.referral_date, pa.jobcenter_id,
  m.measure_id IS NULL AS measure_unknown, j.jobcenter_id IS NULL AS jobcenter_unknown,
  core.record_file(pa._file_id, pa._row) AS participation_file, core.record_row(pa._file_id, pa._row) AS participation_row
FROM staging.participations AS pa
LEFT JOIN staging.measures AS m USING (measure_id)
LEFT JOIN staging.jobcenters AS j ON j.jobcenter_id = pa.jobcenter_id
WHERE m.measure_id IS NULL OR j.jobcenter_id IS NULL
