-- severity: error
-- description: record keys in force are unique (one current row per key of contracts.md)
-- Returns one row per duplicated key: kind and copies (grouped on the key columns
-- themselves, not on a concatenated string: 5·10^6 attendance rows at 10^6 participations).
-- The large kinds are first grouped on a 64-bit hash of the key (an integer aggregate,
-- ~2x cheaper than one on the 64-hex pseudonyms); only rows whose hash repeats — usually
-- none — are then grouped on the key itself, so a hash collision is never reported.
WITH repeated_hashes AS (
  SELECT 'participations' AS kind, hash(participant_id, measure_id, referral_date) AS h
  FROM staging.participations GROUP BY h HAVING count(*) > 1
  UNION ALL SELECT 'final_reports', hash(provider_id, measure_id, participant_id, entry_date) AS h
  FROM staging.final_reports GROUP BY h HAVING count(*) > 1
  -- ~5 rows per participation: sorting the hashes and comparing neighbours is cheaper
  -- than a hash table of 5·10^6 groups
  UNION ALL SELECT 'attendance', h FROM (
    SELECT h, lag(h) OVER (ORDER BY h) AS previous
    FROM (SELECT hash(measure_id, participant_id, month) AS h FROM staging.attendance)
  ) WHERE h = previous
  UNION ALL SELECT 'outcomes', hash(participant_id, status_date) AS h
  FROM staging.outcomes GROUP BY h HAVING count(*) > 1
),

duplicates AS (
  SELECT 'jobcenters' AS kind, count(*) AS copies FROM staging.jobcenters GROUP BY jobcenter_id HAVING count(*) > 1
  UNION ALL SELECT 'providers', count(*) FROM staging.providers GROUP BY provider_id HAVING count(*) > 1
  UNION ALL SELECT 'measures', count(*) FROM staging.measures GROUP BY measure_id HAVING count(*) > 1
  UNION ALL SELECT 'participations', count(*) FROM staging.participations
    WHERE hash(participant_id, measure_id, referral_date) IN (SELECT h FROM repeated_hashes WHERE kind = 'participations')
    GROUP BY participant_id, measure_id, referral_date HAVING count(*) > 1
  UNION ALL SELECT 'final_reports', count(*) FROM staging.final_reports
    WHERE hash(provider_id, measure_id, participant_id, entry_date) IN (SELECT h FROM repeated_hashes WHERE kind = 'final_reports')
    GROUP BY provider_id, measure_id, participant_id, entry_date HAVING count(*) > 1
  UNION ALL SELECT 'attendance', count(*) FROM staging.attendance
    WHERE hash(measure_id, participant_id, month) IN (SELECT h FROM repeated_hashes WHERE kind = 'attendance')
    GROUP BY measure_id, participant_id, month HAVING count(*) > 1
  UNION ALL SELECT 'jobcenter_stocks', count(*) FROM staging.jobcenter_stocks GROUP BY jobcenter_id, month HAVING count(*) > 1
  UNION ALL SELECT 'outcomes', count(*) FROM staging.outcomes
    WHERE hash(participant_id, status_date) IN (SELECT h FROM repeated_hashes WHERE kind = 'outcomes')
    GROUP BY participant_id, status_date HAVING count(*) > 1
)
SELECT kind, copies FROM duplicates
