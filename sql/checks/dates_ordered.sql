-- severity: error
-- description: referral ≤ entry ≤ exit, and no exit without an entry
-- participation_file, participation_row: where the clerk finds the record (the pseudonym
-- cannot be reversed, and many records share measure and dates). jobcenter_id: the
-- participation's own Jobcenter, whose return lists it (by the measure's, a record of 06412
-- in a measure of 06411 showed on 06411's return and its own record on none).
-- Dates after as-of have not happened yet (indicators.md): an entry and an exit recorded for
-- later were errors in a build as of an earlier day.
WITH known AS (
  SELECT p.*,
    CASE WHEN p.recorded_entry_date <= getvariable('as_of') THEN p.recorded_entry_date END AS entry_known,
    CASE WHEN p.recorded_exit_date <= getvariable('as_of') THEN p.recorded_exit_date END AS exit_known
  FROM staging.participations AS p
)
SELECT p.participant_id, p.jobcenter_id, p.measure_id, p.referral_date, p.recorded_entry_date, p.recorded_exit_date,
  core.record_file(p._file_id, p._row) AS participation_file, core.record_row(p._file_id, p._row) AS participation_row
FROM known AS p
WHERE p.entry_known < p.referral_date
  OR p.exit_known < p.entry_known
  OR (p.exit_known IS NOT NULL AND p.entry_known IS NULL)
UNION ALL
-- A referral dated after as-of does not exist yet (staging leaves the record out of every
-- figure), but an entry or exit on or before as-of did happen: the referral date is wrong
-- (a typo in the year), and the stay would otherwise be left out without a word.
SELECT r.participant_id, r.jobcenter_id, r.measure_id, r.referral_date, r.entry_date, r.exit_date,
  core.record_file(r._file_id, r._row), core.record_row(r._file_id, r._row)
FROM raw.participations AS r
WHERE r._current AND r.referral_date > getvariable('as_of')
  AND (r.entry_date <= getvariable('as_of') OR r.exit_date <= getvariable('as_of'))
