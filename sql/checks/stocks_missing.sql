-- severity: info
-- description: Jobcenter months with people in measures but no stock figures (no activation rate for them)
SELECT DISTINCT pm.jobcenter_id, pm.month
FROM core.participation_months AS pm
ANTI JOIN staging.jobcenter_stocks AS s ON s.jobcenter_id = pm.jobcenter_id AND s.month = pm.month
WHERE pm.active_at_month_end
