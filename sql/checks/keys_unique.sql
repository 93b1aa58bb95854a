-- severity: error
-- description: record keys in force are unique (one current row per key of contracts.md)
-- Returns one row per copy of a duplicated key (grouped on the key columns
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

-- Every row of a repeated key, with the key (pseudonyms as stored), its number of copies and
-- the input file and row of each copy: the copies a clerk has to look up (such a repeat only
-- arises where ingest's supersession was bypassed, e.g. an edited database).
duplicates AS (
  SELECT 'jobcenters' AS kind, jobcenter_id AS "key", count(*) OVER (PARTITION BY jobcenter_id) AS copies, _file_id, _row
  FROM staging.jobcenters
  QUALIFY copies > 1
  UNION ALL SELECT 'providers', provider_id, count(*) OVER (PARTITION BY provider_id) AS copies, _file_id, _row
  FROM staging.providers
  QUALIFY copies > 1
  UNION ALL SELECT 'measures', measure_id, count(*) OVER (PARTITION BY measure_id) AS copies, _file_id, _row
  FROM staging.measures
  QUALIFY copies > 1
  UNION ALL SELECT 'participations', concat_ws('|', participant_id, measure_id, referral_date),
    count(*) OVER (PARTITION BY participant_id, measure_id, referral_date) AS copies, _file_id, _row
  FROM staging.participations
  WHERE hash(participant_id, measure_id, referral_date) IN (SELECT h FROM repeated_hashes WHERE kind = 'participations')
  QUALIFY copies > 1
  -- a report's entry date may be empty: kept as an empty part (concat_ws skips a NULL)
  UNION ALL SELECT 'final_reports', concat_ws('|', provider_id, measure_id, participant_id, coalesce(CAST(entry_date AS VARCHAR), '')),
    count(*) OVER (PARTITION BY provider_id, measure_id, participant_id, entry_date) AS copies, _file_id, _row
  FROM staging.final_reports
  WHERE hash(provider_id, measure_id, participant_id, entry_date) IN (SELECT h FROM repeated_hashes WHERE kind = 'final_reports')
  QUALIFY copies > 1
  UNION ALL SELECT 'attendance', concat_ws('|', measure_id, participant_id, month),
    count(*) OVER (PARTITION BY measure_id, participant_id, month) AS copies, _file_id, _row
  FROM staging.attendance
  WHERE hash(measure_id, participant_id, month) IN (SELECT h FROM repeated_hashes WHERE kind = 'attendance')
  QUALIFY copies > 1
  UNION ALL SELECT 'jobcenter_stocks', concat_ws('|', jobcenter_id, month),
    count(*) OVER (PARTITION BY jobcenter_id, month) AS copies, _file_id, _row
  FROM staging.jobcenter_stocks
  QUALIFY copies > 1
  UNION ALL SELECT 'outcomes', concat_ws('|', participant_id, status_date),
    count(*) OVER (PARTITION BY participant_id, status_date) AS copies, _file_id, _row
  FROM staging.outcomes
  WHERE hash(participant_id, status_date) IN (SELECT h FROM repeated_hashes WHERE kind = 'outcomes')
  QUALIFY copies > 1
)

SELECT d.kind, d."key", d.copies, core.record_file(d._file_id, d._row) AS file, core.record_row(d._file_id, d._row) AS "row"
FROM duplicates AS d
