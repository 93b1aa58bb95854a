-- core.exit_outcomes: a person's labour-market status after an exit.
-- Grain: (participant_id, exit_date) of participations with an exit — the status depends
--   only on the person and the exit date, so two exits of one person on one day share it.
--   A person without any status event has no row (readers LEFT JOIN: unknown / none).
-- Depends: core.participations, staging.outcomes, ref.outcome_statuses.
-- status_182: the person's last status event on or before exit + 182 days (an event from
--   before the exit still holds if nothing followed it); null = unknown.
-- status_28: the last event dated from the exit day to exit + 28 inclusive; null = none
--   (counts as not employed). Subsidised employment keeps its status (employed_svp).
-- Looked up with an equi-join on the person and a conditional max of one integer per
-- event (day and status code together; an ASOF join was planned as a nested loop inside
-- the build transaction), whose flags are joined after: 0.36 s at 10^6 participations, as
-- DuckDB's filtered arg_max was, and the same SQL runs on PostgreSQL
-- (test/models/portable-marts.test.ts); a max of the day joined back to the events took
-- 0.57 s. A view: read once, by core.ind_exits, which joins it on (participant_id,
-- exit_date) — no per-participation string key is built or joined.
CREATE OR REPLACE VIEW core.exit_outcomes AS
WITH exit_days AS (
  SELECT DISTINCT participant_id, exit_date
  FROM core.participations
  WHERE exit_date IS NOT NULL
),

-- The status codes numbered 1..n, so that a day and its status travel as one integer
-- (n < 64: the 9 codes of contracts.md, which the ingest enforces; status dates are after 1970).
codes AS (
  SELECT code, CAST(row_number() OVER (ORDER BY code) AS INTEGER) AS code_no
  FROM ref.outcome_statuses
),

-- The status that holds: the last event on or before exit + 182, the last one from the exit
-- day to exit + 28 — found as the greatest (days since 1970) × 64 + code number (a person
-- has one event per day: staging.outcomes' key), which a plain max aggregates in one pass.
status_keys AS (
  SELECT
    d.participant_id,
    d.exit_date,
    max(CASE WHEN o.status_date <= d.exit_date + 182 THEN (o.status_date - DATE '1970-01-01') * 64 + c.code_no END) AS key_182,
    max(CASE WHEN o.status_date BETWEEN d.exit_date AND d.exit_date + 28 THEN (o.status_date - DATE '1970-01-01') * 64 + c.code_no END) AS key_28
  FROM exit_days AS d
  JOIN staging.outcomes AS o ON o.participant_id = d.participant_id
  JOIN codes AS c ON c.code = o.status
  GROUP BY d.participant_id, d.exit_date
),

statuses AS (
  SELECT k.participant_id, k.exit_date, c182.code AS status_182, c28.code AS status_28
  FROM status_keys AS k
  LEFT JOIN codes AS c182 ON c182.code_no = k.key_182 % 64
  LEFT JOIN codes AS c28 ON c28.code_no = k.key_28 % 64
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
