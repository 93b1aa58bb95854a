-- severity: warning
-- description: exits with no final report more than 14 days after the exit
SELECT core.participation_key(participant_id, measure_id, referral_date) AS participation_key, provider_id, exit_date, getvariable('as_of') - exit_date AS days_since_exit
FROM core.participations
WHERE exit_date IS NOT NULL AND NOT has_report AND getvariable('as_of') - exit_date > 14
