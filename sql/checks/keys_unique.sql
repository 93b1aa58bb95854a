-- severity: error
-- description: record keys in force are unique (one current row per key of contracts.md)
-- Returns one row per duplicated key: kind and copies (grouped on the key columns
-- themselves, not on a concatenated string: 5·10^6 attendance rows at 10^6 participations).
WITH duplicates AS (
  SELECT 'jobcenters' AS kind, count(*) AS copies FROM staging.jobcenters GROUP BY jobcenter_id HAVING count(*) > 1
  UNION ALL SELECT 'providers', count(*) FROM staging.providers GROUP BY provider_id HAVING count(*) > 1
  UNION ALL SELECT 'measures', count(*) FROM staging.measures GROUP BY measure_id HAVING count(*) > 1
  UNION ALL SELECT 'participations', count(*) FROM staging.participations
    GROUP BY participant_id, measure_id, referral_date HAVING count(*) > 1
  UNION ALL SELECT 'final_reports', count(*) FROM staging.final_reports
    GROUP BY provider_id, measure_id, participant_id, entry_date HAVING count(*) > 1
  UNION ALL SELECT 'attendance', count(*) FROM staging.attendance
    GROUP BY measure_id, participant_id, month HAVING count(*) > 1
  UNION ALL SELECT 'jobcenter_stocks', count(*) FROM staging.jobcenter_stocks GROUP BY jobcenter_id, month HAVING count(*) > 1
  UNION ALL SELECT 'outcomes', count(*) FROM staging.outcomes GROUP BY participant_id, status_date HAVING count(*) > 1
)
SELECT kind, copies FROM duplicates
