-- severity: warning
-- description: exit reason codes not in the exit reason table (treated as empty)
SELECT p.participant_id, p.measure_id, p.referral_date, p.exit_reason
FROM staging.participations AS p
LEFT JOIN ref.exit_reasons AS r ON r.code = p.exit_reason
WHERE p.exit_reason IS NOT NULL AND r.code IS NULL
