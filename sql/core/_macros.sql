-- Macros shared by the models (run by the model runner before any model, in the same
-- transaction). Each one is a definition used in several places: defined once here.

-- A month-anchored unit belongs to its month, quarter and year; a unit with a fixed period
-- type (a stichtag, a month-only figure, a year of contract start) keeps just that one.
CREATE OR REPLACE MACRO core.periods_of(pt, d) AS
  CASE WHEN pt IS NULL THEN [
    {'period_type': 'month', 'period_start': date_trunc('month', d)::DATE},
    {'period_type': 'quarter', 'period_start': date_trunc('quarter', d)::DATE},
    {'period_type': 'year', 'period_start': date_trunc('year', d)::DATE}]
  ELSE [{'period_type': pt, 'period_start': d::DATE}] END;

-- indicators.md: a period whose last day is less than 3 months before as_of is provisional
-- (BA measure statistics are final only after a three-month waiting period). The 3 months
-- run forward from the last day, as a span of months does (§ 188 (2), (3) BGB): 31.03 + 3
-- months = 30.06, so Q1 is final at as-of 30.06; as-of − 3 months (30.06 → 30.03) kept a
-- period ending on a 31st or on 30.11 provisional one day or more too long.
-- Computed as a comparison with one date, the last final day (the latest d with d + 3 months
-- <= as_of: as_of − 3 months, or the end of that month when as_of is a month's last day), so
-- that the 7·10^6 rows of mart.indicator_values need no month arithmetic each (0.17 s). The
-- model runner writes it into meta.build_parameters, which the marts read (a period is
-- provisional while its last day is after it).
CREATE OR REPLACE MACRO core.last_final_day() AS
  CASE WHEN getvariable('as_of') = last_day(getvariable('as_of'))
    THEN last_day((getvariable('as_of') - INTERVAL 3 MONTH)::DATE)
    ELSE (getvariable('as_of') - INTERVAL 3 MONTH)::DATE END;

-- count_if over a condition that may be NULL (a missing report or debriefing date): DuckDB's
-- count_if is a sum and gives NULL, not 0, for a group whose conditions are all NULL, so a
-- rate of 0 of 8 read as no figure. Every conditional count of the models uses this.
CREATE OR REPLACE MACRO core.count_true(condition) AS count_if(coalesce(condition, false));

-- A participation named as one string (participant_id|measure_id|referral_date), for the
-- data-quality checks that list rows.
CREATE OR REPLACE MACRO core.participation_key(participant_id, measure_id, referral_date) AS
  participant_id || '|' || measure_id || '|' || strftime(referral_date, '%Y-%m-%d');

-- A record as a data-quality check names it for a clerk (_fid, _frow: its _file_id and _row):
-- its input file (meta.files.name) and row. A record imported from another instance's export
-- (a state) is named as that export names it (meta.record_sources, federation/source.ts):
-- the Jobcenter's file number, load time and SHA-256 prefix, and its row there — the export's
-- Parquet file and a position in it tell the Jobcenter nothing. One definition for both.
CREATE OR REPLACE MACRO core.record_file(_fid, _frow) AS coalesce(
  (SELECT s.source_file FROM meta.record_sources AS s WHERE s.file_id = _fid AND s."row" = _frow),
  (SELECT f.name FROM meta.files AS f WHERE f.file_id = _fid));

CREATE OR REPLACE MACRO core.record_row(_fid, _frow) AS coalesce(
  (SELECT s.source_row FROM meta.record_sources AS s WHERE s.file_id = _fid AND s."row" = _frow), _frow);

-- A slice column after GROUPING SETS: '*' where the set does not group by it; a missing
-- value (e.g. a participation whose measure is unknown) is 'unknown', never '*'.
CREATE OR REPLACE MACRO core.slice(is_rolled_up, v) AS
  CASE WHEN is_rolled_up = 1 THEN '*' ELSE coalesce(v, 'unknown') END;

-- The measure slice exists for quarters and years (and stichtag figures at quarter ends
-- and on as-of), not for single months: a lot has a few dozen participations over its
-- whole life, so monthly per-measure figures would be almost all suppressed while they
-- would make up most rows of mart.indicator_values (≈ 28,000 lots at 10^6 participations).
CREATE OR REPLACE MACRO core.keeps_slice(measure_rolled_up, pt, ps) AS
  measure_rolled_up = 1
  OR pt IN ('quarter', 'year')
  OR (pt = 'stichtag' AND ((ps = last_day(ps) AND month(ps) IN (3, 6, 9, 12)) OR ps = getvariable('as_of')));

-- The measure id as a grouping key: null where the measure slice is not kept, so the
-- GROUPING SET (measure_id) does not build the (dropped) month × measure groups at all.
-- Rows the slice drops are still removed by core.keeps_slice in HAVING.
CREATE OR REPLACE MACRO core.measure_key(measure_id, pt, ps) AS
  CASE WHEN core.keeps_slice(0, pt, ps) THEN measure_id END;

-- Finer detail (breakdown codes, Kaplan–Meier horizons, medians) is kept for the measure
-- slice per year only: per lot and quarter these rest on a handful of people (almost all
-- suppressed) yet would be over a million rows at 10^6 participations.
CREATE OR REPLACE MACRO core.keeps_detail(measure_rolled_up, pt) AS
  measure_rolled_up = 1 OR pt = 'year';
CREATE OR REPLACE MACRO core.detail_measure_key(measure_id, pt) AS
  CASE WHEN pt = 'year' THEN measure_id END;

-- The one roll-up of additive month cells (every family that sums): `cells` names a
-- relation (a CTE of the caller) with month, jobcenter_id, provider_id, instrument,
-- measure_id and any number of additive count columns; several rows per cell are fine.
-- Returns period_type, period_start, the five slice columns ('*' or the id, 'unknown' for
-- a missing id) and the sums as DOUBLE (exact for counts below 2^53). Slices '*',
-- Jobcenter, provider, instrument and Jobcenter × instrument are summed per month first
-- (few rows), then months to quarters and years; the measure slice (quarters and years
-- only, core.keeps_slice) is a plain GROUP BY: a measure's cells need no GROUPING SETS
-- and no month rows expanded threefold.
CREATE OR REPLACE MACRO core.rolled_up(cells) AS TABLE
WITH by_month AS (
  SELECT
    month,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    sum(COLUMNS(* EXCLUDE (month, jobcenter_id, provider_id, instrument, measure_id))::DOUBLE)
  FROM query_table(cells)
  GROUP BY month, GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (jobcenter_id, instrument))
),

by_period AS (
  SELECT unnest(core.periods_of(NULL, month)) AS p, * EXCLUDE (month)
  FROM by_month
),

slices AS (
  SELECT
    p.period_type, p.period_start, jobcenter_id, provider_id, instrument, '*' AS measure_id,
    sum(COLUMNS(* EXCLUDE (p, jobcenter_id, provider_id, instrument)))
  FROM by_period
  GROUP BY p.period_type, p.period_start, jobcenter_id, provider_id, instrument
),

measure_quarters AS (
  SELECT
    date_trunc('quarter', month)::DATE AS period_start,
    coalesce(measure_id, 'unknown') AS measure_id,
    sum(COLUMNS(* EXCLUDE (month, jobcenter_id, provider_id, instrument, measure_id))::DOUBLE)
  FROM query_table(cells)
  GROUP BY ALL
),

measure_years AS (
  SELECT date_trunc('year', period_start)::DATE AS period_start, measure_id, sum(COLUMNS(* EXCLUDE (period_start, measure_id)))
  FROM measure_quarters
  GROUP BY ALL
)

SELECT * FROM slices
UNION ALL BY NAME
SELECT 'quarter' AS period_type, '*' AS jobcenter_id, '*' AS provider_id, '*' AS instrument, * FROM measure_quarters
UNION ALL BY NAME
SELECT 'year' AS period_type, '*' AS jobcenter_id, '*' AS provider_id, '*' AS instrument, * FROM measure_years;

-- Kaplan–Meier S(horizon) of one group from its rows per day (events, at_risk): the
-- product of (1 − d/n) over the event days up to the horizon, as a sum of logs; a day on
-- which everyone at risk drops out sets S to 0. An aggregate: use it with GROUP BY.
CREATE OR REPLACE MACRO core.km_survival(horizon, day, events, at_risk) AS
  CASE WHEN bool_or(day <= horizon AND events > 0 AND events >= at_risk) THEN 0.0
    ELSE exp(sum(CASE WHEN day <= horizon AND events > 0 AND events < at_risk THEN ln(1 - events / at_risk) ELSE 0 END)) END;
