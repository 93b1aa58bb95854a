-- severity: warning
-- description: the Jobcenter's exit class differs from the provider's reported outcome (the Jobcenter's wins)
SELECT core.participation_key(participant_id, measure_id, referral_date) AS participation_key, exit_reason, exit_class, report_outcome
FROM core.participations
WHERE exit_class_source = 'exit_reason'
  AND report_outcome IN ('completed', 'dropout', 'positive_early_exit', 'no_show')
  AND report_outcome <> exit_class
  -- codes 03/04 on or after the planned end are 'completed'; a provider saying
  -- positive_early_exit then agrees with the Jobcenter's code
  AND NOT (report_outcome = 'positive_early_exit' AND exit_reason IN ('03', '04'))
