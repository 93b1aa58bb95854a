-- severity: warning
-- description: participations from an earlier file that a later re-delivery of the same Jobcenter's records no longer holds: they still count (a file adds or replaces records, never removes one); ask the Jobcenter whether they were deleted
-- Returns one row per such record, with the file (and row) it comes from and the latest re-delivery
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

-- Earlier records (not those replaced within their own file) counted per file and referral
-- day before they meet the later files' spans: with monthly full extracts every record lies
-- in the span of each later file, and joining records rather than days made that join as
-- long as records × later files (36 monthly extracts of 10^6 records: ~10^9 rows).
by_day AS (
  SELECT _file_id AS earlier_file, jobcenter_id, referral_date,
    count(*) AS n
  FROM raw.participations
  WHERE _superseded_by IS DISTINCT FROM _file_id
  GROUP BY ALL
),

replaced_by_day AS (
  SELECT _file_id AS earlier_file, _superseded_by AS later_file, jobcenter_id, referral_date, count(*) AS n
  FROM raw.participations
  WHERE _superseded_by IS DISTINCT FROM _file_id AND _superseded_by IS NOT NULL
  GROUP BY ALL
),

redeliveries AS (
  SELECT d.earlier_file, s.file_id AS later_file, d.jobcenter_id
  FROM by_day AS d
  JOIN spans AS s
    ON s.jobcenter_id = d.jobcenter_id AND s.file_id > d.earlier_file
    AND d.referral_date BETWEEN s.first_referral AND s.last_referral
  LEFT JOIN replaced_by_day AS r
    ON r.earlier_file = d.earlier_file AND r.later_file = s.file_id
    AND r.jobcenter_id = d.jobcenter_id AND r.referral_date = d.referral_date
  GROUP BY ALL
  HAVING 2 * coalesce(sum(r.n), 0) >= sum(d.n)
),

missing AS (
  SELECT o.participant_id, o.measure_id, o.referral_date, o.jobcenter_id, o._file_id, o._row, max(s.file_id) AS later_file
  FROM raw.participations AS o
  JOIN redeliveries AS r ON r.earlier_file = o._file_id AND r.jobcenter_id = o.jobcenter_id
  JOIN spans AS s
    ON s.file_id = r.later_file AND s.jobcenter_id = o.jobcenter_id
    AND o.referral_date BETWEEN s.first_referral AND s.last_referral
  WHERE o._current AND o.referral_date <= getvariable('as_of')
  GROUP BY ALL
)

SELECT core.participation_key(m.participant_id, m.measure_id, m.referral_date) AS participation_key,
  m.jobcenter_id, m.referral_date, core.record_file(m._file_id, m._row) AS in_file, l.name AS not_in_file, core.record_row(m._file_id, m._row) AS in_file_row
FROM missing AS m
JOIN meta.files AS l ON l.file_id = m.later_file
