-- core.participations: one row per participation in force, classified.
-- Grain: (participant_id, measure_id, referral_date).
-- Depends: staging.participations, staging.measures, staging.final_reports, ref.exit_reasons,
--   meta.build_parameters (as-of).
-- Checks: keys_unique, exit_class_conflicts, exit_reason_without_planned_end,
--   exits_without_report, participation_refs_resolve.
--
-- Columns (the interface other models read):
--   (the key is participant_id, measure_id, referral_date; core.participation_key() spells
--   it as one string where a check names a row — not stored: a 90-character string per
--   row cost ~1 s per build at 10^6 to write and to join on)
--   participant_id           64-hex pseudonym (never a raw id)
--   jobcenter_id             the participation's own Jobcenter (contracts.md)
--   measure_id, provider_id, instrument, funding, cooperation_level  (from its measure)
--   referral_date, planned_start, entry_date, exit_date, exit_reason
--   planned_end              recorded, else entry + the measure's planned_duration_days
--   planned_end_derived      true when planned_end was derived
--   exit_class               completed | positive_early_exit | transfer | dropout;
--                            null while active or not started
--   exit_class_source        exit_reason | provider_outcome | seven_day_rule | no_planned_end
--   primary_reason           dropouts only: first code of the report's dropout_reasons, else
--                            from the exit reason (06 health, 07 motivation, 08
--                            family_conflict, 09 moved, 10-12 other), else 'missing'
--   dropout_phase            dropouts only: first_14_days | early | middle | late
--                            (unknown when no planned end can be derived)
--   days_in_measure          exit − entry (day 0 = exit on the entry day)
--   days_referral_to_entry   entry − referral
--   is_no_show               no entry at all and referral + 42 ≤ as-of
--   no_show_window_closed    referral + 42 ≤ as-of
--   age_at_entry             year of entry (referral if not started) − birth year
--   age_band                 under_25 | 25_49 | 50_plus | unknown
--   birth_year, gender, citizenship, education_isced, long_term_unemployed,
--   long_term_recipient, single_parent, disability, unemployed_at_entry
--   has_report and columns of the matched final report (same pseudonym, measure_id and
--   entry_date; if several providers reported, the measure's own provider's latest
--   report): report_provider_id, report_date, report_exit_date, report_outcome,
--   report_primary_reason (first dropout reason code), dropout_initiator,
--   first_warning_date, jobcenter_informed_date, debriefing_date. Goals, attendance
--   and the rest of the report: core.final_reports (one row per report).
--   _file_id, _row           the Jobcenter record's input file (meta.files) and row, and
--   report_file_id, report_row  the matched report's: a check names the records a clerk can
--                            look up (pseudonyms cannot be reversed; many participations share
--                            measure and dates). Carried here because joining a check's
--                            failing rows back to staging by key read 10^6 pseudonyms again:
--                            +280 ms for exits_without_report alone at 10^6.
CREATE OR REPLACE TABLE core.participations AS
WITH participations AS (
  SELECT * FROM staging.participations
),

measures AS (
  SELECT * FROM staging.measures
),

dated_reports AS (
  SELECT
    provider_id, measure_id, participant_id, report_date, first_report_date, entry_date, exit_date, outcome, dropout_initiator,
    dropout_reasons[1] AS primary_reason, first_warning_date, jobcenter_informed_date, debriefing_date, _file_id, _row
  FROM staging.final_reports
  WHERE entry_date IS NOT NULL
),

-- Two reports of one stay (re-sent by another provider, or twice in one file) are rare:
-- only the keys that repeat go through the choice below.
repeated_keys AS (
  SELECT participant_id, measure_id, entry_date
  FROM dated_reports
  GROUP BY participant_id, measure_id, entry_date
  HAVING count(*) > 1
),

-- Of a repeated stay's reports, the measure's own provider's first, then the latest
-- report date, then the provider id and the latest file and row (so the choice is the
-- same on every run).
ranked_repeats AS (
  SELECT
    r.*,
    row_number() OVER (
      PARTITION BY r.participant_id, r.measure_id, r.entry_date
      ORDER BY CASE WHEN r.provider_id = m.provider_id THEN 1 ELSE 0 END DESC, r.report_date DESC, r.provider_id DESC,
        r._file_id DESC, r._row DESC) AS choice
  FROM dated_reports AS r
  JOIN repeated_keys AS k
    ON k.participant_id = r.participant_id AND k.measure_id = r.measure_id AND k.entry_date = r.entry_date
  LEFT JOIN staging.measures AS m ON m.measure_id = r.measure_id
),

reports AS (
  SELECT r.*
  FROM dated_reports AS r
  WHERE NOT EXISTS (
    SELECT 1 FROM repeated_keys AS k
    WHERE k.participant_id = r.participant_id AND k.measure_id = r.measure_id AND k.entry_date = r.entry_date)
  UNION ALL
  SELECT
    provider_id, measure_id, participant_id, report_date, first_report_date, entry_date, exit_date, outcome, dropout_initiator,
    primary_reason, first_warning_date, jobcenter_informed_date, debriefing_date, _file_id, _row
  FROM ranked_repeats
  WHERE choice = 1
),

with_measure AS (
  SELECT
    p.*,
    m.provider_id,
    m.instrument,
    m.funding,
    m.cooperation_level,
    coalesce(p.planned_end, p.entry_date + m.planned_duration_days) AS planned_end_in_force,
    p.planned_end IS NULL AND p.entry_date IS NOT NULL AND m.planned_duration_days IS NOT NULL AS planned_end_derived
  FROM participations AS p
  LEFT JOIN measures AS m ON m.measure_id = p.measure_id
),

matched AS (
  SELECT
    w.*,
    r.provider_id AS report_provider_id,
    r.report_date AS report_date,
    r.first_report_date AS first_report_date,
    r.exit_date AS report_exit_date,
    r.outcome AS report_outcome,
    r.dropout_initiator AS dropout_initiator,
    r.primary_reason AS report_primary_reason,
    r.first_warning_date AS first_warning_date,
    r.jobcenter_informed_date AS jobcenter_informed_date,
    r.debriefing_date AS debriefing_date,
    r._file_id AS report_file_id,
    r._row AS report_row
  FROM with_measure AS w
  LEFT JOIN reports AS r
    ON r.participant_id = w.participant_id
    AND r.measure_id = w.measure_id
    AND r.entry_date = w.entry_date
),

classified AS (
  SELECT
    m.*,
    er.exit_class AS code_class,
    er.primary_reason AS code_reason,
    CASE
      WHEN m.exit_date IS NULL THEN NULL
      WHEN er.exit_class IS NOT NULL THEN 'exit_reason'
      WHEN m.report_outcome IN ('completed', 'dropout', 'positive_early_exit') THEN 'provider_outcome'
      WHEN m.planned_end_in_force IS NOT NULL THEN 'seven_day_rule'
      ELSE 'no_planned_end'
    END AS exit_class_source
  FROM matched AS m
  LEFT JOIN ref.exit_reasons AS er ON er.code = m.exit_reason
),

with_class AS (
  SELECT
    *,
    CASE exit_class_source
      WHEN 'exit_reason' THEN
        -- codes 03/04: an exit on or after the planned end is a completion
        CASE WHEN code_class = 'positive_early_exit' AND exit_date >= planned_end_in_force THEN 'completed' ELSE code_class END
      WHEN 'provider_outcome' THEN
        CASE WHEN report_outcome = 'positive_early_exit' AND exit_date >= planned_end_in_force THEN 'completed' ELSE report_outcome END
      WHEN 'seven_day_rule' THEN
        CASE WHEN planned_end_in_force - exit_date > 7 THEN 'dropout' ELSE 'completed' END
      WHEN 'no_planned_end' THEN 'completed'
    END AS exit_class
  FROM classified
),

final AS (
  SELECT
    participant_id,
    jobcenter_id,
    measure_id,
    provider_id,
    instrument,
    funding,
    cooperation_level,
    referral_date,
    planned_start,
    entry_date,
    planned_end_in_force AS planned_end,
    planned_end_derived,
    exit_date,
    exit_reason,
    exit_class,
    exit_class_source,
    CASE WHEN exit_class = 'dropout' THEN coalesce(report_primary_reason, code_reason, 'missing') END AS primary_reason,
    CASE WHEN exit_class = 'dropout' THEN
      CASE
        WHEN exit_date - entry_date <= 14 THEN 'first_14_days'
        WHEN planned_end_in_force IS NULL THEN 'unknown'
        -- elapsed share of the planned duration, in whole-day arithmetic: < 1/3, < 2/3
        WHEN 3 * (exit_date - entry_date) < (planned_end_in_force - entry_date) THEN 'early'
        WHEN 3 * (exit_date - entry_date) < 2 * (planned_end_in_force - entry_date) THEN 'middle'
        ELSE 'late'
      END
    END AS dropout_phase,
    CAST(exit_date - entry_date AS INTEGER) AS days_in_measure,
    CAST(entry_date - referral_date AS INTEGER) AS days_referral_to_entry,
    entry_date IS NULL AND referral_date + 42 <= b.as_of AS is_no_show,
    referral_date + 42 <= b.as_of AS no_show_window_closed,
    CAST(EXTRACT(YEAR FROM coalesce(entry_date, referral_date)) - birth_year AS INTEGER) AS age_at_entry,
    CASE
      WHEN birth_year IS NULL THEN 'unknown'
      WHEN EXTRACT(YEAR FROM coalesce(entry_date, referral_date)) - birth_year < 25 THEN 'under_25'
      WHEN EXTRACT(YEAR FROM coalesce(entry_date, referral_date)) - birth_year < 50 THEN '25_49'
      ELSE '50_plus'
    END AS age_band,
    birth_year,
    gender,
    citizenship,
    education_isced,
    long_term_unemployed,
    long_term_recipient,
    single_parent,
    disability,
    unemployed_at_entry,
    report_date IS NOT NULL AS has_report,
    report_provider_id,
    report_date,
    first_report_date,
    report_exit_date,
    report_outcome,
    report_primary_reason,
    dropout_initiator,
    first_warning_date,
    jobcenter_informed_date,
    debriefing_date,
    _file_id,
    _row,
    report_file_id,
    report_row
  FROM with_class
  CROSS JOIN meta.build_parameters AS b
)

SELECT * FROM final
