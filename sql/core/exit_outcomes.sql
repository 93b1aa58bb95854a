-- core.exit_outcomes: one row per exit, with the person's labour-market status after it.
-- Grain: participation_key of participations with an exit. Depends: core.participations,
--   staging.outcomes, ref.outcome_statuses.
-- status_182: the person's last status event on or before exit + 182 days (an event from
--   before the exit still holds if nothing followed it); null = unknown.
-- status_28: the last event dated from the exit day to exit + 28 inclusive; null = none
--   (counts as not employed). Subsidised employment keeps its status (employed_svp).
-- The window flags say whether as-of has passed exit + N (indicators.md window rule).
-- The status depends only on the person and the exit date, so it is looked up once per
-- (person, exit date) with an equi-join on the person and a filtered arg_max (an ASOF join
-- was planned as a nested loop inside the build transaction). A view: read once, by
-- core.ind_exits, so its rows are never written.
CREATE OR REPLACE VIEW core.exit_outcomes AS
WITH exits AS (
  SELECT participation_key, participant_id, exit_date
  FROM core.participations
  WHERE exit_date IS NOT NULL
),

exit_days AS (
  SELECT DISTINCT participant_id, exit_date FROM exits
),

outcomes AS (
  SELECT o.participant_id, o.status_date, o.status, s.is_integration, s.is_employment, s.is_unemployed
  FROM staging.outcomes AS o
  LEFT JOIN ref.outcome_statuses AS s ON s.code = o.status
),

statuses AS (
  SELECT
    d.participant_id,
    d.exit_date,
    arg_max(o, o.status_date) FILTER (WHERE o.status_date <= d.exit_date + 182) AS at_182,
    arg_max(o, o.status_date) FILTER (WHERE o.status_date BETWEEN d.exit_date AND d.exit_date + 28) AS at_28
  FROM exit_days AS d
  JOIN outcomes AS o USING (participant_id)
  GROUP BY d.participant_id, d.exit_date
),

final AS (
  SELECT
    e.participation_key,
    e.exit_date,
    e.exit_date + 182 <= getvariable('as_of') AS window_182_closed,
    e.exit_date + 28 <= getvariable('as_of') AS window_28_closed,
    s.at_182.status AS status_182,
    coalesce(s.at_182.is_integration, false) AS integrated_182,
    coalesce(s.at_182.status IS NOT NULL AND NOT s.at_182.is_unemployed, false) AS not_unemployed_182,
    s.at_28.status AS status_28,
    coalesce(s.at_28.is_employment, false) AS employed_28
  FROM exits AS e
  LEFT JOIN statuses AS s USING (participant_id, exit_date)
)

SELECT * FROM final
