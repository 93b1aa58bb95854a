-- severity: warning
-- description: a provider reports an exit that the matched Jobcenter record does not have (not counted as an exit)
SELECT provider_id, measure_id, participant_id, entry_date, exit_date AS report_exit_date, outcome
FROM core.final_reports
WHERE is_matched AND jobcenter_exit_date IS NULL
  AND (exit_date IS NOT NULL OR outcome IN ('completed', 'dropout', 'positive_early_exit'))
