-- core.exit_outcomes: one row per exit, with the person's labour-market status after it.
-- Grain: participation_key of participations with an exit. Depends: core.participations,
--   staging.outcomes, ref.outcome_statuses.
-- status_182: the person's last status event on or before exit + 182 days (an event from
--   before the exit still holds if nothing followed it); null = unknown.
-- status_28: the last event dated from the exit day to exit + 28 inclusive; null = none
--   (counts as not employed). Subsidised employment keeps its status (employed_svp).
-- The window flags say whether as-of has passed exit + N (indicators.md window rule).
CREATE OR REPLACE TABLE core.exit_outcomes AS
WITH exits AS (
  SELECT
    participation_key,
    participant_id,
    exit_date,
    exit_date + 182 AS day_182,
    exit_date + 28 AS day_28
  FROM core.participations
  WHERE exit_date IS NOT NULL
),

outcomes AS (
  SELECT o.participant_id, o.status_date, o.status, s.is_integration, s.is_employment, s.is_unemployed
  FROM staging.outcomes AS o
  LEFT JOIN ref.outcome_statuses AS s ON s.code = o.status
),

at_182 AS (
  SELECT e.participation_key, o.status, o.is_integration, o.is_unemployed
  FROM exits AS e
  ASOF LEFT JOIN outcomes AS o
    ON o.participant_id = e.participant_id AND e.day_182 >= o.status_date
),

at_28 AS (
  SELECT
    e.participation_key,
    CASE WHEN o.status_date >= e.exit_date THEN o.status END AS status,
    CASE WHEN o.status_date >= e.exit_date THEN o.is_employment END AS is_employment
  FROM exits AS e
  ASOF LEFT JOIN outcomes AS o
    ON o.participant_id = e.participant_id AND e.day_28 >= o.status_date
),

final AS (
  SELECT
    e.participation_key,
    e.exit_date,
    e.day_182 <= getvariable('as_of') AS window_182_closed,
    e.day_28 <= getvariable('as_of') AS window_28_closed,
    a.status AS status_182,
    coalesce(a.is_integration, false) AS integrated_182,
    a.status IS NOT NULL AND NOT a.is_unemployed AS not_unemployed_182,
    b.status AS status_28,
    coalesce(b.is_employment, false) AS employed_28
  FROM exits AS e
  LEFT JOIN at_182 AS a USING (participation_key)
  LEFT JOIN at_28 AS b USING (participation_key)
)

SELECT * FROM final
