-- mart.export_cutoffs: instance exports (federation) whose cut-off lies before the build's
-- as-of. A state instance builds on the exports of several Jobcenter instances; one whose
-- latest export declares an as-of before the build's holds none of that Jobcenter's events
-- after it: figures of later periods undercount it and totals mix two cut-offs (a trial:
-- Q3 2026 exits 1,869 instead of 2,869). The run, the returns' cover and the dashboards say
-- so from this table. Grain: one row per instance whose latest export is behind.
-- Depends: meta.export_files, meta.files, raw.participations, meta.build_parameters.
CREATE OR REPLACE TABLE mart.export_cutoffs AS
WITH
-- Per instance: the name of its latest export, and the as-of of its latest export that
-- declares one (exports written before 2026-12-03 have none). Files of one export share
-- its name, time and as-of.
ranked AS (
  SELECT
    e.instance_id, e.as_of, split_part(f.name, '/', 1) AS export_name,
    row_number() OVER (PARTITION BY e.instance_id ORDER BY e.exported_at DESC) AS name_rank,
    row_number() OVER (
      PARTITION BY e.instance_id ORDER BY CASE WHEN e.as_of IS NULL THEN 1 ELSE 0 END, e.exported_at DESC) AS cutoff_rank
  FROM meta.export_files AS e
  JOIN meta.files AS f ON f.file_id = e.file_id
),

latest AS (
  SELECT
    instance_id,
    max(CASE WHEN cutoff_rank = 1 THEN as_of END) AS cutoff,
    max(CASE WHEN name_rank = 1 THEN export_name END) AS export_name
  FROM ranked
  GROUP BY instance_id
),

jobcenters AS (
  SELECT e.instance_id, string_agg(DISTINCT p.jobcenter_id, ', ' ORDER BY p.jobcenter_id) AS jobcenters
  FROM raw.participations AS p
  JOIN meta.export_files AS e ON e.file_id = p._file_id
  WHERE p._current
  GROUP BY e.instance_id
),

final AS (
  SELECT l.export_name, l.cutoff, j.jobcenters, b.as_of
  FROM latest AS l
  CROSS JOIN meta.build_parameters AS b
  LEFT JOIN jobcenters AS j ON j.instance_id = l.instance_id
  WHERE l.cutoff < b.as_of
)

SELECT * FROM final ORDER BY cutoff, export_name
