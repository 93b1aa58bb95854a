-- severity: warning
-- description: the Jobcenter's exit class differs from the provider's reported outcome (the Jobcenter's wins; transfers aside)
-- Both records are named by input file and row (the pseudonym cannot be reversed): the
-- Jobcenter's and the provider's final report (provider_id is the report's provider).
SELECT core.participation_key(p.participant_id, p.measure_id, p.referral_date) AS participation_key, p.jobcenter_id, p.exit_reason, p.exit_class, p.report_outcome,
  p.entry_date, p.exit_date, p.report_provider_id AS provider_id, p.report_date,
  core.record_file(p._file_id, p._row) AS participation_file, core.record_row(p._file_id, p._row) AS participation_row,
  core.record_file(p.report_file_id, p.report_row) AS report_file, core.record_row(p.report_file_id, p.report_row) AS report_row
FROM core.participations AS p
WHERE p.exit_class_source = 'exit_reason'
  -- a transfer (05) has no provider outcome to agree with: the provider of the measure left
  -- reports its own view of the stay (dropout, completed) — 2 of the samples' 5 rows were
  -- such, with nothing for a clerk to correct
  AND p.exit_class <> 'transfer'
  AND p.report_outcome IN ('completed', 'dropout', 'positive_early_exit', 'no_show')
  -- the provider's outcome read by the rule the Jobcenter's code is read by (contracts.md):
  -- positive_early_exit on or after the planned end is a completion, whatever the code
  -- (01 with the provider's positive_early_exit at the planned end agreed, yet was listed)
  AND CASE WHEN p.report_outcome = 'positive_early_exit' AND p.exit_date >= p.planned_end THEN 'completed' ELSE p.report_outcome END <> p.exit_class
