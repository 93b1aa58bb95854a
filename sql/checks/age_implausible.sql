-- severity: warning
-- description: participations whose person would be under 15 or over 67 in the year of entry (or referral) by the birth year given: a mistyped birth year (2030, 1890) puts the person in the wrong age band of the ESF+ return and of the dropout standardisation; check the birth year
-- SGB II benefits, and so its measures, are for people from 15 to the statutory retirement
-- age (67 at most). A birth year outside that span is a typing error, and the person is
-- counted in the age band it gives (a birth year of 2030 makes a 'under 25'). Ingest accepts
-- 1900..2100 alone, not knowing the entry year. The record is named by input file and row.
SELECT p.participant_id, p.measure_id, p.jobcenter_id, p.referral_date, p.recorded_entry_date, p.birth_year,
  CAST(EXTRACT(YEAR FROM coalesce(p.recorded_entry_date, p.referral_date)) - p.birth_year AS INTEGER) AS age_in_entry_year,
  core.record_file(p._file_id, p._row) AS participation_file, core.record_row(p._file_id, p._row) AS participation_row
FROM staging.participations AS p
WHERE EXTRACT(YEAR FROM coalesce(p.recorded_entry_date, p.referral_date)) - p.birth_year NOT BETWEEN 15 AND 67
