-- core.exit_outcomes: a person's labour-market status after an exit.
-- Grain: (participant_id, exit_date) of participations with an exit — the status depends
--   only on the person and the exit date, so two exits of one person on one day share it.
--   A person without any status event has no row (readers LEFT JOIN: unknown / none).
-- Depends: core.participations, staging.outcomes, ref.outcome_statuses.
-- status_182: the person's last status event on or before exit + 182 days (an event from
--   before the exit still holds if nothing followed it); null = unknown.
-- status_28: the last event dated from the exit day to exit + 28 inclusive; null = none
--   (counts as not employed). Subsidised employment keeps its status (employed_svp).
-- Looked up with an equi-join on the person and a filtered arg_max (an ASOF join was
-- planned as a nested loop inside the build transaction). A view: read once, by
-- core.ind_exits, which joins it on (participant_id, exit_date) — no per-participation
-- string key is built or joined.
CREATE OR REPLACE VIEW core.exit_outcomes AS
WITH exit_days AS (
  SELECT DISTINCT participant_id, exit_date
  FROM core.participations
  WHERE exit_date IS NOT NULL
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
    participant_id,
    exit_date,
    at_182.status AS status_182,
    coalesce(at_182.is_integration, false) AS integrated_182,
    coalesce(at_182.status IS NOT NULL AND NOT at_182.is_unemployed, false) AS not_unemployed_182,
    at_28.status AS status_28,
    coalesce(at_28.is_employment, false) AS employed_28
  FROM statuses
)

SELECT * FROM final
