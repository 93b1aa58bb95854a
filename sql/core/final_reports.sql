-- core.final_reports: one row per final report in force, with the participation it matches.
-- Grain: (provider_id, measure_id, participant_id, entry_date).
-- Depends: staging.final_reports, core.participations, staging.measures.
-- Match (contracts.md): same pseudonym, measure_id and entry_date; a report without an
--   entry date matches nothing.
-- Slices of a report (indicators.md): provider = the report's provider_id; Jobcenter = the
--   matched participation's, else the measure's; instrument = the measure's.
-- anchor_exit_date: the matched participation's exit date (an unmatched report, or a
--   match the Jobcenter has not closed yet: the report's own exit_date).
-- exit_class: the Jobcenter's class when it has one, else the report's outcome.
-- first_report_date: when its first version arrived (staging.final_reports; on-time rules).
-- Corrected entry date: the entry date is part of the key, so a re-delivery that corrects
--   it does not replace the first report at ingest. A report that matches no participation
--   is replaced by a report of the same provider, measure and person from a later file
--   whose stay overlaps it (stay: entry to exit, a missing date taken from the other); two
--   stays of one person in a measure do not overlap, so both stay (docs/readings.md).
-- _file_id, _row: the report's input file (meta.files) and row; participation_file_id,
--   participation_row: the matched Jobcenter record's — what a check names for a clerk to
--   look up (pseudonyms cannot be reversed).
-- Checks: reports_unmatched, provider_exit_not_in_jobcenter_data, exit_class_conflicts,
--   report_before_exit.
CREATE OR REPLACE TABLE core.final_reports AS
-- staging.final_reports is named in each step rather than once as a CTE: a CTE read three
-- times is materialised, lists of goals and reasons included — at 10^7 participations
-- (6.5·10^6 reports, 4 GB limit) 19–21 s and 4.6 GB peak RSS, against 13.4–13.7 s and 4.3 GB.
--
-- One participation per (pseudonym, measure, entry date): the latest referral. Such
-- repeats are rare: they are found with an integer aggregate on a hash of the key, and
-- only participations whose key hash repeats go through the choice.
WITH entered AS (
  SELECT
    participant_id, measure_id, entry_date, referral_date, jobcenter_id, exit_date, exit_class, _file_id, _row,
    hash(participant_id, measure_id, entry_date) AS key_hash
  FROM core.participations
  WHERE entry_date IS NOT NULL
),

repeated_keys AS (
  SELECT key_hash FROM entered GROUP BY key_hash HAVING count(*) > 1
),

participations AS (
  SELECT participant_id, measure_id, entry_date, {'jobcenter_id': jobcenter_id, 'exit_date': exit_date, 'exit_class': exit_class, 'file_id': _file_id, 'file_row': _row} AS p
  FROM entered
  ANTI JOIN repeated_keys USING (key_hash)
  UNION ALL
  SELECT
    participant_id, measure_id, entry_date,
    arg_max({'jobcenter_id': jobcenter_id, 'exit_date': exit_date, 'exit_class': exit_class, 'file_id': _file_id, 'file_row': _row}, referral_date) AS p
  FROM entered
  SEMI JOIN repeated_keys USING (key_hash)
  GROUP BY participant_id, measure_id, entry_date
),

measures AS (
  SELECT measure_id, jobcenter_id, instrument FROM staging.measures
),

matched AS (
  SELECT
    r.*,
    p.p IS NOT NULL AS is_matched,
    p.p.jobcenter_id AS participation_jobcenter_id,
    p.p.exit_date AS jobcenter_exit_date,
    p.p.exit_class AS jobcenter_exit_class,
    p.p.file_id AS participation_file_id,
    p.p.file_row AS participation_row
  FROM staging.final_reports AS r
  LEFT JOIN participations AS p
    ON p.participant_id = r.participant_id
    AND p.measure_id = r.measure_id
    AND p.entry_date = r.entry_date
),

-- persons with more than one report in a measure of a provider are rare: found with an
-- integer aggregate on a hash, and only their reports are compared
repeated_persons AS (
  SELECT hash(provider_id, measure_id, participant_id) AS person_hash
  FROM staging.final_reports
  GROUP BY person_hash
  HAVING count(*) > 1
),

stays AS (
  SELECT
    provider_id, measure_id, participant_id, _file_id, _row,
    coalesce(entry_date, exit_date) AS stay_from,
    coalesce(exit_date, entry_date) AS stay_to
  FROM staging.final_reports
  SEMI JOIN repeated_persons ON hash(provider_id, measure_id, participant_id) = person_hash
),

corrected AS (
  SELECT DISTINCT earlier._file_id, earlier._row
  FROM stays AS earlier
  JOIN stays AS later USING (provider_id, measure_id, participant_id)
  WHERE later._file_id > earlier._file_id
    AND later.stay_from <= earlier.stay_to
    AND earlier.stay_from <= later.stay_to
),

in_force AS (
  SELECT mt.*
  FROM matched AS mt
  LEFT JOIN corrected AS c ON c._file_id = mt._file_id AND c._row = mt._row
  WHERE mt.is_matched OR c._file_id IS NULL
),

final AS (
  SELECT
    mt.provider_id,
    mt.measure_id,
    mt.participant_id,
    mt.report_date,
    mt.first_report_date,
    mt.entry_date,
    mt.exit_date,
    mt.outcome,
    mt.dropout_initiator,
    mt.dropout_reasons,
    mt.first_warning_date,
    mt.jobcenter_informed_date,
    mt.days_planned,
    mt.days_attended,
    mt.goals,
    mt.debriefing_date,
    mt.is_matched,
    mt.jobcenter_exit_date,
    mt.jobcenter_exit_class,
    mt._file_id,
    mt._row,
    mt.participation_file_id,
    mt.participation_row,
    coalesce(mt.participation_jobcenter_id, m.jobcenter_id) AS jobcenter_id,
    m.instrument,
    coalesce(mt.jobcenter_exit_date, mt.exit_date) AS anchor_exit_date,
    coalesce(mt.jobcenter_exit_class, CASE WHEN mt.outcome <> 'no_show' THEN mt.outcome END) AS exit_class,
    len(mt.goals) AS goals_agreed,
    len(list_filter(mt.goals, g -> g.status IN ('achieved', 'partial'))) AS goals_progressed
  FROM in_force AS mt
  LEFT JOIN measures AS m USING (measure_id)
)

SELECT * FROM final
