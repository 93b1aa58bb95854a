-- severity: warning
-- description: exits with an empty exit reason, no provider outcome and no derivable planned end (classed completed)
SELECT core.participation_key(participant_id, measure_id, referral_date) AS participation_key, measure_id, entry_date, exit_date
FROM core.participations
WHERE exit_class_source = 'no_planned_end'
