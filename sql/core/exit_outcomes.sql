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
-- planned as a nested loop inside the build transaction) of the status code alone, whose
-- flags are joined after: an arg_max of the whole event with its flags cost 0.93 s
-- against 0.60 s at 10^6 participations. A view: read once, by
-- core.ind_exits, which joins it on (participant_id, exit_date) — no per-participation
-- string key is built or joined.
CREATE OR REPLACE VIEW core.exit_outcomes AS
WITH exit_days AS (
  SELECT DISTINCT participant_id, exit_date
  FROM core.participations
  WHERE exit_date IS NOT NULL
),



statuses AS (
  SELECT
    d.participant_id,
    d.exit_date,
    arg_max(o.status, o.status_date) FILTER (WHERE o.status_date <= d.exit_date + 182) AS status_182,
    arg_max(o.status, o.status_date) FILTER (WHERE o.status_date BETWEEN d.exit_date AND d.exit_date + 28) AS status_28
  FROM exit_days AS d
  JOIN staging.outcomes AS o USING (participant_id)
  GROUP BY d.participant_id, d.exit_date
),

final AS (
  SELECT
    st.participant_id,
    st.exit_date,
    st.status_182,
    coalesce(s182.is_integration, false) AS integrated_182,
    coalesce(st.status_182 IS NOT NULL AND NOT s182.is_unemployed, false) AS not_unemployed_182,
    st.status_28,
    coalesce(s28.is_employment, false) AS employed_28
  FROM statuses AS st
  LEFT JOIN ref.outcome_statuses AS s182 ON s182.code = st.status_182
  LEFT JOIN ref.outcome_statuses AS s28 ON s28.code = st.status_28
)

SELECT * FROM final
