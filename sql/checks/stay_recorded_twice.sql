-- severity: warning
-- description: one stay (person, measure, entry date) in force under two referral dates: both count (a corrected referral date adds a record, the key holds it); ask the Jobcenter which one holds
-- Returns one row per record of such a stay, with its input file and row. The referral date is part of the key
-- (contracts.md), so a re-delivery that corrects it adds a record instead of replacing one;
-- the figures follow the contract and count both — this check makes the doubled exit visible.
-- Stays are first grouped on a 64-bit hash (an integer aggregate; usually nothing repeats),
-- then compared exactly.
WITH entered AS (
  SELECT participant_id, measure_id, entry_date, referral_date, jobcenter_id, exit_date, _file_id, _row,
    hash(participant_id, measure_id, entry_date) AS h
  FROM core.participations
  WHERE entry_date IS NOT NULL
),

repeated AS (
  SELECT h FROM entered GROUP BY h HAVING count(*) > 1
),

stays AS (
  SELECT participant_id, measure_id, entry_date
  FROM entered SEMI JOIN repeated USING (h)
  GROUP BY ALL
  HAVING count(*) > 1
)

SELECT core.participation_key(e.participant_id, e.measure_id, e.referral_date) AS participation_key,
  e.jobcenter_id, e.measure_id, e.entry_date, e.referral_date, e.exit_date,
  core.record_file(e._file_id, e._row) AS participation_file, core.record_row(e._file_id, e._row) AS participation_row
FROM entered AS e
SEMI JOIN stays AS s
  ON s.participant_id = e.participant_id AND s.measure_id = e.measure_id AND s.entry_date = e.entry_date
