-- severity: error
-- description: referral ≤ entry ≤ exit, and no exit without an entry
-- participation_file, participation_row: where the clerk finds the record (the pseudonym
-- cannot be reversed, and many records share measure and dates).
SELECT p.participant_id, p.measure_id, p.referral_date, p.recorded_entry_date, p.recorded_exit_date,
  core.record_file(p._file_id, p._row) AS participation_file, core.record_row(p._file_id, p._row) AS participation_row
FROM staging.participations AS p
WHERE p.recorded_entry_date < p.referral_date
  OR p.recorded_exit_date < p.recorded_entry_date
  OR (p.recorded_exit_date IS NOT NULL AND p.recorded_entry_date IS NULL)
