-- severity: warning
-- description: final reports that match no Jobcenter participation (pseudonym, measure, entry date)
SELECT provider_id, measure_id, participant_id, entry_date, report_date
FROM core.final_reports
WHERE NOT is_matched
