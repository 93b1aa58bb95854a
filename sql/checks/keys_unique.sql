-- severity: error
-- description: record keys in force are unique (one current row per key of contracts.md)
-- Returns one row per duplicated key: kind, key, copies.
WITH keys AS (
  SELECT 'jobcenters' AS kind, jobcenter_id AS key FROM staging.jobcenters
  UNION ALL SELECT 'providers', provider_id FROM staging.providers
  UNION ALL SELECT 'measures', measure_id FROM staging.measures
  UNION ALL SELECT 'participations', participant_id || '|' || measure_id || '|' || referral_date FROM staging.participations
  UNION ALL SELECT 'final_reports', provider_id || '|' || measure_id || '|' || participant_id || '|' || coalesce(entry_date::VARCHAR, '') FROM staging.final_reports
  UNION ALL SELECT 'attendance', measure_id || '|' || participant_id || '|' || month FROM staging.attendance
  UNION ALL SELECT 'jobcenter_stocks', jobcenter_id || '|' || month FROM staging.jobcenter_stocks
  UNION ALL SELECT 'outcomes', participant_id || '|' || status_date FROM staging.outcomes
)
SELECT kind, key, count(*) AS copies
FROM keys
GROUP BY kind, key
HAVING count(*) > 1
