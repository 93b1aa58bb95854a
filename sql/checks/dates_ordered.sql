-- severity: error
-- description: referral ≤ entry ≤ exit, and no exit without an entry
SELECT participant_id, measure_id, referral_date, recorded_entry_date, recorded_exit_date
FROM staging.participations
WHERE recorded_entry_date < referral_date
  OR recorded_exit_date < recorded_entry_date
  OR (recorded_exit_date IS NOT NULL AND recorded_entry_date IS NULL)
