-- mart.export_cutoffs: instance exports (federation) whose cut-off lies before the build's
-- as-of. A state instance builds on the exports of several Jobcenter instances; one whose
-- latest export declares an as-of before the build's holds none of that Jobcenter's events
-- after it: figures of later periods undercount it and totals mix two cut-offs (a trial:
-- Q3 2026 exits 1,869 instead of 2,869). The run, the returns' cover and the dashboards say
-- so from this table. Grain: one row per instance whose latest export is behind.
-- Depends: meta.export_files, meta.files, raw.participations.
CREATE OR REPLACE TABLE mart.export_cutoffs AS
WITH latest AS (
  SELECT
    e.instance_id,
    arg_max(e.as_of, e.exported_at) AS cutoff,
    arg_max(split_part(f.name, '/', 1), e.exported_at) AS export_name
  FROM meta.export_files AS e
  JOIN meta.files AS f USING (file_id)
  GROUP BY e.instance_id
),

jobcenters AS (
  SELECT e.instance_id, string_agg(DISTINCT p.jobcenter_id, ', ' ORDER BY p.jobcenter_id) AS jobcenters
  FROM raw.participations AS p
  JOIN meta.export_files AS e ON e.file_id = p._file_id
  WHERE p._current
  GROUP BY e.instance_id
),

final AS (
  SELECT l.export_name, l.cutoff, j.jobcenters, getvariable('as_of')::DATE AS as_of
  FROM latest AS l
  LEFT JOIN jobcenters AS j USING (instance_id)
  WHERE l.cutoff < getvariable('as_of')::DATE
)

SELECT * FROM final ORDER BY cutoff, export_name
