-- severity: warning
-- description: participations from an earlier file that a later re-delivery of the same Jobcenter's records no longer holds: they still count (a file adds or replaces records, never removes one); ask the Jobcenter whether they were deleted
-- Returns one row per such record, with the file it comes from and the latest re-delivery
-- that lacks it. A later file re-delivers an earlier one for a Jobcenter when it replaced at
-- least half of that file's records whose referral dates lie within the later file's span
-- of referral dates (a file correcting a few records is not a re-delivery, and a file of new
-- referrals has no span over the old ones). The contract says nothing of records a
-- re-delivery leaves out, so the figures keep them; this check only names them.
-- Reads raw.participations and meta.files: only they keep which file brought which version.
WITH spans AS (
  SELECT _file_id AS file_id, jobcenter_id, min(referral_date) AS first_referral, max(referral_date) AS last_referral
  FROM raw.participations
  GROUP BY ALL
),

-- earlier records (not those replaced within their own file) in a later file's span
in_span AS (
  SELECT o.*, s.file_id AS later_file
  FROM raw.participations AS o
  JOIN spans AS s
    ON s.jobcenter_id = o.jobcenter_id AND s.file_id > o._file_id
    AND o.referral_date BETWEEN s.first_referral AND s.last_referral
  WHERE o._superseded_by IS DISTINCT FROM o._file_id
),

redeliveries AS (
  SELECT _file_id AS earlier_file, later_file, jobcenter_id
  FROM in_span
  GROUP BY ALL
  HAVING 2 * count(*) FILTER (WHERE _superseded_by = later_file) >= count(*)
),

missing AS (
  SELECT i.participant_id, i.measure_id, i.referral_date, i.jobcenter_id, i._file_id, max(i.later_file) AS later_file
  FROM in_span AS i
  SEMI JOIN redeliveries AS r
    ON r.earlier_file = i._file_id AND r.later_file = i.later_file AND r.jobcenter_id = i.jobcenter_id
  WHERE i._current AND i.referral_date <= getvariable('as_of')
  GROUP BY ALL
)

SELECT core.participation_key(m.participant_id, m.measure_id, m.referral_date) AS participation_key,
  m.jobcenter_id, m.referral_date, f.name AS in_file, l.name AS not_in_file
FROM missing AS m
JOIN meta.files AS f ON f.file_id = m._file_id
JOIN meta.files AS l ON l.file_id = m.later_file
