-- severity: warning
-- description: exits with no final report more than 14 days after the exit
SELECT core.participation_key(p.participant_id, p.measure_id, p.referral_date) AS participation_key, p.jobcenter_id, p.provider_id, p.exit_date,
  getvariable('as_of') - p.exit_date AS days_since_exit,
  core.record_file(p._file_id, p._row) AS participation_file, core.record_row(p._file_id, p._row) AS participation_row
FROM core.participations AS p
WHERE p.exit_date IS NOT NULL AND NOT p.has_report AND getvariable('as_of') - p.exit_date > 14
