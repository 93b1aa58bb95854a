-- staging.outcomes: one row per labour-market status event in force.
-- Grain: (participant_id, status_date). Depends: raw.outcomes (_current only).
-- Rules: an event dated after as-of does not exist yet. Checks: keys_unique.
CREATE OR REPLACE VIEW staging.outcomes AS
WITH final AS (
  SELECT participant_id, jobcenter_id, status_date, status, subsidised, _file_id, _row
  FROM raw.outcomes
  WHERE _current AND status_date <= getvariable('as_of')
)

SELECT * FROM final
