-- staging.measures: one row per measure (contract lot) in force.
-- Grain: measure_id. Depends: raw.measures (_current only).
-- Rules: reference data, not dated events: kept whatever the as-of date.
-- Checks: keys_unique, measure_refs_resolve.
CREATE OR REPLACE VIEW staging.measures AS
WITH final AS (
  SELECT
    measure_id,
    jobcenter_id,
    provider_id,
    instrument,
    funding,
    contract_start,
    contract_end,
    places,
    -- ingest rejects more than 3,653 days since 2026-12-06; a value loaded before (a placeholder
    -- 999999999) failed every build adding it to a date: unknown, as an empty duration is
    CASE WHEN planned_duration_days <= 3653 THEN planned_duration_days END AS planned_duration_days,
    cost_total_eur::DOUBLE AS cost_total_eur,
    cooperation_level,
    _file_id,
    _row
  FROM raw.measures
  WHERE _current
)

SELECT * FROM final
