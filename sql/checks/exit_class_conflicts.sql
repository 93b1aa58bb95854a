-- severity: warning
-- description: the Jobcenter's exit class differs from the provider's reported outcome (the Jobcenter's wins)
SELECT core.participation_key(participant_id, measure_id, referral_date) AS participation_key, exit_reason, exit_class, report_outcome
FROM core.participations
WHERE exit_class_source = 'exit_reason'
  AND report_outcome IN ('completed', 'dropout', 'positive_early_exit', 'no_show')
  -- the provider's outcome read by the rule the Jobcenter's code is read by (contracts.md):
  -- positive_early_exit on or after the planned end is a completion, whatever the code
  -- (01 with the provider's positive_early_exit at the planned end agreed, yet was listed)
  AND CASE WHEN report_outcome = 'positive_early_exit' AND exit_date >= planned_end THEN 'completed' ELSE report_outcome END <> exit_class
