-- mart.data_begin: from which year the exits of a slice are all in the data.
-- Grain: jobcenter ('*' or id) × provider ('*' or id) × instrument ('*' or code).
-- Depends: staging.measures, core.coverage, meta.build_parameters.
-- A Jobcenter's participation data begin in core.coverage.covered_from. People who entered
-- a measure before it are not in the data, so the exits of the first years hold only those
-- who entered since: short stays, mostly dropouts (exits of 2023 in data from 06/2023: 80–93 %
-- dropouts in 16e, 16i, 81_FBW, against 16–40 % two years on). Like occupancy (core.ind_occupancy),
-- a measure contracted before covered_from holds only people who entered within the data from
-- covered_from + its planned duration on (or from the day after its contract ended, if
-- earlier); a measure contracted later, from covered_from. A
-- slice's exits are complete from the latest of these dates over its measures
-- (complete_from); first_complete_year is the first calendar year that begins on or after it.
-- A measure without a planned duration gives no bound and counts from covered_from. The
-- figures are not changed: dashboards mark the exit years before first_complete_year.
CREATE OR REPLACE TABLE mart.data_begin AS
WITH measures AS (
  SELECT
    m.jobcenter_id, m.provider_id, m.instrument, v.covered_from,
    CAST(CASE
      -- nobody is in a measure after its contract ends: a contract that ended before the
      -- planned duration ran out from covered_from bounds it (a 16i lot of 2021 with 1,183
      -- planned days, ended 30.11.2025, marked a whole Jobcenter's 2026 exits incomplete)
      WHEN (m.contract_start IS NULL OR m.contract_start < v.covered_from) AND m.planned_duration_days IS NOT NULL
        THEN greatest(v.covered_from, least(v.covered_from + m.planned_duration_days, m.contract_end + 1))
      ELSE v.covered_from
    END AS DATE) AS complete_from
  FROM staging.measures AS m
  JOIN core.coverage AS v USING (jobcenter_id)
),

grouped AS (
  SELECT
    CASE WHEN grouping(jobcenter_id) = 1 THEN '*' ELSE coalesce(jobcenter_id, 'unknown') END AS jobcenter_id,
    CASE WHEN grouping(provider_id) = 1 THEN '*' ELSE coalesce(provider_id, 'unknown') END AS provider_id,
    CASE WHEN grouping(instrument) = 1 THEN '*' ELSE coalesce(instrument, 'unknown') END AS instrument,
    max(covered_from) AS covered_from,
    max(complete_from) AS complete_from
  FROM measures
  GROUP BY CUBE (jobcenter_id, provider_id, instrument)
),

final AS (
  SELECT
    jobcenter_id, provider_id, instrument, covered_from, complete_from,
    CAST(EXTRACT(YEAR FROM complete_from)
      + CASE WHEN EXTRACT(MONTH FROM complete_from) = 1 AND EXTRACT(DAY FROM complete_from) = 1 THEN 0 ELSE 1 END AS INTEGER) AS first_complete_year,
    (SELECT as_of FROM meta.build_parameters) AS as_of
  FROM grouped
)

SELECT * FROM final
