-- staging.participations: one row per participation in force (Jobcenter measure data).
-- Grain: (participant_id, measure_id, referral_date) — the record key of contracts.md.
-- Depends: raw.participations (rows with _current only).
-- Rules: a referral dated after as-of does not exist yet; an entry or exit dated after
--   as-of has not happened yet (set to null, with the exit reason); exit codes written
--   without their leading zero are padded ('3' → '03'); empty text → null.
-- Checks: keys_unique, dates_ordered, participation_refs_resolve.
CREATE OR REPLACE VIEW staging.participations AS
WITH source AS (
  SELECT *
  FROM raw.participations
  WHERE _current AND referral_date <= getvariable('as_of')
),

dated AS (
  SELECT
    *,
    CASE WHEN entry_date <= getvariable('as_of') THEN entry_date END AS entry_in_force,
    nullif(trim(exit_reason), '') AS exit_code
  FROM source
),

final AS (
  SELECT
    participant_id,
    jobcenter_id,
    measure_id,
    referral_date,
    planned_start,
    entry_in_force AS entry_date,
    planned_end,
    CASE WHEN entry_in_force IS NOT NULL AND exit_date <= getvariable('as_of') THEN exit_date END AS exit_date,
    CASE WHEN entry_in_force IS NOT NULL AND exit_date <= getvariable('as_of')
      THEN CASE WHEN length(exit_code) = 1 THEN '0' || exit_code ELSE exit_code END END AS exit_reason,
    birth_year,
    gender,
    citizenship,
    education_isced,
    long_term_unemployed,
    long_term_recipient,
    single_parent,
    disability,
    unemployed_at_entry,
    -- raw dates kept for data-quality checks (an exit recorded without an entry)
    entry_date AS recorded_entry_date,
    exit_date AS recorded_exit_date,
    _file_id,
    _row
  FROM dated
)

SELECT * FROM final
