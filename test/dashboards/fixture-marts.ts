/**
 * Fallback test data for the dashboards: the mart tables of docs/contracts.md with realistic,
 * internally consistent rows (slices are sums of measure-level counts), generated in SQL
 * from a deterministic hash. Used while (or where) the real models are not available.
 *
 * Shape: 3 Jobcenters, 6 providers, 4 instruments, 12 measures, months 2023-01..2025-06,
 * as-of 2025-07-31 (months from 2025-05 on are provisional).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../pipelines/db/database.ts';

export const FIXTURE_AS_OF = '2025-07-31';
export const FIXTURE_JOBCENTERS = ['06411', '06412', '06413'];
/** A provider id carrying markup: ids reach charts as text and must stay inert. */
export const HOSTILE_PROVIDER = 'P<script>alert(1)</script>';

const MEASURES = `(VALUES
  ('M01','06411','P01','45_MAT', 40, 180000.0), ('M02','06411','P02','16i', 25, 450000.0),
  ('M03','06411','P03','81_FBW', 30, NULL),     ('M04','06411','P01','16k', 20, 90000.0),
  ('M05','06412','P02','45_MAT', 35, 150000.0), ('M06','06412','P04','16i', 15, 300000.0),
  ('M07','06412','P05','81_FBW', 20, 220000.0), ('M08','06412','${HOSTILE_PROVIDER}','45_MAT', 12, 60000.0),
  ('M09','06413','P01','45_MAT', 50, 240000.0), ('M10','06413','P06','16k', 18, NULL),
  ('M11','06413','P04','81_FBW', 22, 260000.0), ('M12','06413','P06','16i', 10, 200000.0)
) t(measure_id, jobcenter_id, provider_id, instrument, places, cost)`;

/** indicator, breakdown, kind (rate/count), typical denominator per measure-month, typical rate. */
const INDICATORS = `(VALUES
  ('referrals','*','count',6.0,1.0), ('entries','*','count',5.0,1.0), ('exits','*','count',4.0,1.0),
  ('participants_active','*','count',20.0,1.0), ('at_risk_participants','*','count',20.0,0.15),
  ('no_show_rate','*','rate',6.0,0.18), ('dropout_rate','*','rate',4.0,0.27),
  ('completion_rate','*','rate',4.0,0.55), ('positive_early_exit_rate','*','rate',4.0,0.14),
  ('dropout_phase_share','first_14_days','rate',1.1,0.3), ('dropout_phase_share','early','rate',1.1,0.3),
  ('dropout_phase_share','middle','rate',1.1,0.25), ('dropout_phase_share','late','rate',1.1,0.15),
  ('dropout_reason_share','health','rate',1.1,0.22), ('dropout_reason_share','motivation','rate',1.1,0.18),
  ('dropout_reason_share','childcare','rate',1.1,0.1), ('dropout_reason_share','poor_fit','rate',1.1,0.12),
  ('dropout_reason_share','missing','rate',1.1,0.2), ('dropout_reason_share','other','rate',1.1,0.08),
  ('goal_achievement_rate','*','rate',6.0,0.45), ('goal_achievement_rate','daily_structure','rate',2.0,0.6),
  ('goal_achievement_rate','language','rate',1.5,0.35), ('goal_achievement_rate','application_documents','rate',2.0,0.7),
  ('goal_progress_rate','*','rate',3.5,0.62), ('goal_progress_rate_dropouts','*','rate',1.0,0.33),
  ('report_on_time_rate','*','rate',4.0,0.71), ('debriefing_rate','*','rate',4.0,0.4),
  ('attendance_rate','*','rate',380.0,0.84), ('occupancy_rate','*','rate',600.0,0.78),
  ('integration_rate_6m','*','rate',4.0,0.21), ('not_unemployed_rate_6m','*','rate',4.0,0.43),
  ('employed_on_leaving_rate','*','rate',4.0,0.17)
) t(indicator, breakdown, kind, den_base, rate_base)`;

const DDL = [
  `CREATE SCHEMA IF NOT EXISTS mart`,
  `CREATE OR REPLACE TABLE mart.indicator_values (indicator VARCHAR, period_type VARCHAR, period VARCHAR,
     jobcenter_id VARCHAR, provider_id VARCHAR, instrument VARCHAR, measure_id VARCHAR, breakdown VARCHAR,
     numerator DOUBLE, denominator DOUBLE, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE,
     suppressed BOOLEAN, provisional BOOLEAN, as_of DATE)`,
  `CREATE OR REPLACE TABLE mart.retention_curve (jobcenter_id VARCHAR, provider_id VARCHAR, instrument VARCHAR,
     day INTEGER, at_risk BIGINT, events BIGINT, censored BIGINT, survival DOUBLE, as_of DATE)`,
  `CREATE OR REPLACE TABLE mart.dropout_funnel (level VARCHAR, jobcenter_id VARCHAR, provider_id VARCHAR,
     measure_id VARCHAR, instrument VARCHAR, period_type VARCHAR, period VARCHAR, exits BIGINT, observed BIGINT,
     expected DOUBLE, oe_ratio DOUBLE, ci_low DOUBLE, ci_high DOUBLE, suppressed BOOLEAN, provisional BOOLEAN, as_of DATE)`,
  `CREATE OR REPLACE TABLE mart.funnel_limits (expected DOUBLE, lower_95 DOUBLE, upper_95 DOUBLE,
     lower_998 DOUBLE, upper_998 DOUBLE)`,
  // data from 01.2023: 16i (two-year measures contracted before) complete from 2025, the rest from 2023
  `CREATE OR REPLACE TABLE mart.data_begin AS
   SELECT jobcenter_id, provider_id, instrument, DATE '2023-01-01' AS covered_from,
          CASE WHEN instrument IN ('16i', '*') THEN DATE '2025-01-01' ELSE DATE '2023-01-01' END AS complete_from,
          CASE WHEN instrument IN ('16i', '*') THEN 2025 ELSE 2023 END AS first_complete_year, DATE '${FIXTURE_AS_OF}' AS as_of
   FROM (SELECT unnest(['*', '06411', '06412', '06413']) AS jobcenter_id), (SELECT unnest(['*', 'P01', 'P02', 'P03', 'P04', 'P05', 'P06']) AS provider_id),
        (SELECT unnest(['*', '45_MAT', '16i', '81_FBW', '16k']) AS instrument)`,
  `CREATE OR REPLACE TABLE mart.return_disclosure AS SELECT 5 AS suppression_threshold, DATE '${FIXTURE_AS_OF}' AS as_of`,
  `CREATE OR REPLACE TABLE mart.return_measures AS
   SELECT measure_id, jobcenter_id, provider_id, instrument, 'integration_budget' AS funding, ['2023', '2024', '2025'] AS years FROM ${MEASURES}`,
  // what the public returns read (none of these measures is funded by the Land or the ESF+):
  // the ministry page is suppressed together with them (reports/model/public-year.ts)
  `CREATE TABLE IF NOT EXISTS mart.return_gender_counts (period_type VARCHAR, period VARCHAR, measure_id VARCHAR, gender VARCHAR,
     entries BIGINT, exits BIGINT, completions BIGINT, positive_early_exits BIGINT, dropouts BIGINT, no_shows BIGINT, as_of DATE)`,
  `CREATE TABLE IF NOT EXISTS mart.esf_participants (period VARCHAR, jobcenter_id VARCHAR, measure_id VARCHAR, gender VARCHAR,
     participants BIGINT, unemployed BIGINT, long_term_unemployed BIGINT, inactive BIGINT, employed BIGINT, under_18 BIGINT,
     age_18_29 BIGINT, age_55_plus BIGINT, isced_0_2 BIGINT, isced_3_4 BIGINT, isced_5_8 BIGINT, isced_unknown BIGINT,
     disability BIGINT, third_country BIGINT, as_of DATE)`,
  `CREATE TABLE IF NOT EXISTS mart.esf_results (period VARCHAR, jobcenter_id VARCHAR, measure_id VARCHAR, gender VARCHAR,
     exits_28 BIGINT, employed_28 BIGINT, exits_182 BIGINT, integrated_182 BIGINT, not_unemployed_182 BIGINT, as_of DATE)`,
  `CREATE TABLE IF NOT EXISTS mart.provider_names (provider_id VARCHAR, name VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS mart.jobcenter_names (jobcenter_id VARCHAR, name VARCHAR, type VARCHAR, state VARCHAR)`,
];

/** Measure-month base counts; the rest are sums over slices of these. */
const BASE = `
  CREATE OR REPLACE TEMP TABLE fx_base AS
  WITH months AS (SELECT m::DATE AS m FROM range(DATE '2023-01-01', DATE '2025-07-01', INTERVAL 1 MONTH) r(m)),
  measures AS (SELECT * FROM ${MEASURES}), indicators AS (SELECT * FROM ${INDICATORS}),
  draws AS (
    SELECT i.indicator, i.breakdown, i.kind, me.*, mo.m,
           (hash(i.indicator, i.breakdown, me.measure_id, mo.m) % 1000) / 1000.0 AS u1,
           (hash(me.measure_id, mo.m, i.indicator, 'x') % 1000) / 1000.0 AS u2,
           i.den_base * me.places / 25.0 AS den_mean, i.rate_base
    FROM indicators i, measures me, months mo
  )
  SELECT indicator, breakdown, kind, measure_id, jobcenter_id, provider_id, instrument, m,
         CASE WHEN kind = 'count' THEN round(den_mean * rate_base * (0.5 + u1)) ELSE NULL END AS cnt,
         round(den_mean * (0.5 + u2)) AS den,
         least(round(den_mean * (0.5 + u2)), round(den_mean * (0.5 + u2) * rate_base * (0.6 + 0.8 * u1))) AS num
  FROM draws`;

const AGGREGATE = `
  INSERT INTO mart.indicator_values
  WITH periods AS (
    SELECT *, 'month' AS period_type, strftime(m, '%Y-%m') AS period, last_day(m) AS period_end FROM fx_base
    UNION ALL SELECT *, 'quarter', strftime(m, '%Y') || '-Q' || quarter(m), last_day(date_trunc('quarter', m) + INTERVAL 2 MONTH) FROM fx_base
    UNION ALL SELECT *, 'year', strftime(m, '%Y'), last_day(date_trunc('year', m) + INTERVAL 11 MONTH) FROM fx_base
  ),
  sliced AS (
    SELECT indicator, breakdown, any_value(kind) AS kind, period_type, period, any_value(period_end) AS period_end,
           coalesce(jobcenter_id, '*') AS jobcenter_id, coalesce(provider_id, '*') AS provider_id,
           coalesce(instrument, '*') AS instrument, coalesce(measure_id, '*') AS measure_id,
           sum(cnt) AS cnt, sum(num) AS num, sum(den) AS den
    FROM periods
    GROUP BY GROUPING SETS (
      (indicator, breakdown, period_type, period), (indicator, breakdown, period_type, period, jobcenter_id),
      (indicator, breakdown, period_type, period, instrument), (indicator, breakdown, period_type, period, jobcenter_id, instrument),
      (indicator, breakdown, period_type, period, provider_id), (indicator, breakdown, period_type, period, measure_id))
  ),
  final AS (
    SELECT indicator, period_type, period, jobcenter_id, provider_id, instrument, measure_id, breakdown,
           CASE WHEN kind = 'count' THEN cnt ELSE num END AS numerator,
           CASE WHEN kind = 'count' THEN NULL ELSE den END AS denominator,
           CASE WHEN kind = 'count' THEN cnt WHEN den > 0 THEN num / den END AS value,
           -- Wilson 95 % interval
           CASE WHEN kind = 'rate' AND den > 0 THEN ((num/den) + 1.9208/den - 1.96*sqrt((num/den)*(1-num/den)/den + 0.9604/(den*den))) / (1 + 3.8416/den) END AS ci_low,
           CASE WHEN kind = 'rate' AND den > 0 THEN ((num/den) + 1.9208/den + 1.96*sqrt((num/den)*(1-num/den)/den + 0.9604/(den*den))) / (1 + 3.8416/den) END AS ci_high,
           (CASE WHEN kind = 'count' THEN cnt ELSE num END BETWEEN 1 AND 4) OR (kind = 'rate' AND den BETWEEN 1 AND 4) AS suppressed,
           period_end > DATE '${FIXTURE_AS_OF}' - INTERVAL 3 MONTH AS provisional,
           DATE '${FIXTURE_AS_OF}' AS as_of
    FROM sliced
    WHERE NOT (indicator LIKE 'activation%' AND (provider_id <> '*' OR instrument <> '*' OR measure_id <> '*'))
  )
  SELECT * FROM final`;

/** Activation (persons, Jobcenter stock at month end) and costs (per contract year). */
const ACTIVATION_AND_COSTS = `
  INSERT INTO mart.indicator_values
  WITH months AS (SELECT m::DATE AS m FROM range(DATE '2023-01-01', DATE '2025-07-01', INTERVAL 1 MONTH) r(m)),
  jc AS (SELECT unnest(['06411','06412','06413']) AS jobcenter_id),
  ind AS (SELECT * FROM (VALUES ('activation_rate_aq1', 1100.0), ('activation_rate_elb', 2600.0), ('activation_rate_ltr', 1500.0)) t(indicator, den_base)),
  per_jc AS (
    SELECT ind.indicator, jc.jobcenter_id, months.m,
           round(den_base * (0.9 + (hash(jc.jobcenter_id, months.m) % 100) / 500.0)) AS den,
           round(190 + (hash(jc.jobcenter_id, months.m, 'n') % 60)) AS num
    FROM ind, jc, months
  ),
  with_total AS (
    SELECT indicator, jobcenter_id, m, num, den FROM per_jc
    UNION ALL SELECT indicator, '*', m, sum(num), sum(den) FROM per_jc GROUP BY ALL
  ),
  costs AS (
    SELECT indicator, '2024' AS period, jobcenter_id, instrument, measure_id, cost / n AS value, n
    FROM ${MEASURES}, (VALUES ('cost_per_participant', 1.0), ('cost_per_successful_exit', 0.55)) k(indicator, share),
         LATERAL (SELECT round(places * 1.6 * share) AS n)
    WHERE cost IS NOT NULL
  ),
  final AS (
    SELECT indicator, 'month', strftime(m, '%Y-%m'), jobcenter_id, '*', '*', '*', '*', num, den, num / den,
           NULL, NULL, false, last_day(m) > DATE '${FIXTURE_AS_OF}' - INTERVAL 3 MONTH, DATE '${FIXTURE_AS_OF}'
    FROM with_total
    UNION ALL
    SELECT indicator, 'year', period, '*', '*', '*', measure_id, '*', NULL, n, value, NULL, NULL, false, false, DATE '${FIXTURE_AS_OF}' FROM costs
    UNION ALL
    SELECT indicator, 'year', period, '*', '*', instrument, '*', '*', NULL, NULL, avg(value), NULL, NULL, false, false, DATE '${FIXTURE_AS_OF}' FROM costs GROUP BY ALL
    UNION ALL
    SELECT 'reports_overdue', 'stichtag', '${FIXTURE_AS_OF}', jobcenter_id, '*', '*', '*', '*', 7 + hash(jobcenter_id) % 9, NULL,
           7 + hash(jobcenter_id) % 9, NULL, NULL, false, false, DATE '${FIXTURE_AS_OF}' FROM jc
  )
  SELECT * FROM final`;

const RETENTION = `
  INSERT INTO mart.retention_curve
  WITH measures AS (SELECT * FROM ${MEASURES}),
  slices AS (
    SELECT DISTINCT '*' AS jobcenter_id, '*' AS provider_id, '*' AS instrument FROM measures
    UNION ALL SELECT DISTINCT '*', '*', instrument FROM measures
    UNION ALL SELECT DISTINCT jobcenter_id, '*', '*' FROM measures
    UNION ALL SELECT DISTINCT jobcenter_id, '*', instrument FROM measures
    UNION ALL SELECT DISTINCT '*', provider_id, '*' FROM measures
  ),
  days AS (SELECT d::INTEGER AS day FROM range(0, 400, 3) r(d)),
  final AS (
    SELECT s.*, day, round(300 * exp(-day / 250.0))::BIGINT AS at_risk, (hash(s.instrument, day) % 3)::BIGINT AS events,
           (hash(s.jobcenter_id, day) % 2)::BIGINT AS censored,
           exp(-day * (0.0006 + (hash(s.instrument, s.jobcenter_id, s.provider_id) % 10) / 10000.0)) AS survival,
           DATE '${FIXTURE_AS_OF}' AS as_of
    FROM slices s, days
  )
  SELECT * FROM final`;

const FUNNEL = `
  INSERT INTO mart.dropout_funnel
  WITH measures AS (SELECT * FROM ${MEASURES}),
  units AS (
    SELECT 'provider' AS level, '*' AS jobcenter_id, provider_id, '*' AS measure_id, '*' AS instrument, sum(places) AS places FROM measures GROUP BY provider_id
    UNION ALL SELECT 'provider', jobcenter_id, provider_id, '*', '*', sum(places) FROM measures GROUP BY jobcenter_id, provider_id
    UNION ALL SELECT 'provider', '*', provider_id, '*', instrument, sum(places) FROM measures GROUP BY provider_id, instrument
    UNION ALL SELECT 'provider', jobcenter_id, provider_id, '*', instrument, sum(places) FROM measures GROUP BY jobcenter_id, provider_id, instrument
    UNION ALL SELECT 'measure', jobcenter_id, provider_id, measure_id, instrument, places FROM measures
  ),
  years AS (SELECT unnest(['2023', '2024', '2025']) AS period),
  counted AS (
    SELECT u.*, y.period, round(u.places * 1.9)::BIGINT AS exits,
           round(u.places * 1.9 * 0.27 * (0.6 + (hash(u.provider_id, u.jobcenter_id, y.period) % 90) / 100.0))::BIGINT AS observed,
           u.places * 1.9 * 0.27 * (0.9 + (hash(u.measure_id, y.period) % 20) / 100.0) AS expected
    FROM units u, years y
  ),
  final AS (
    SELECT level, jobcenter_id, provider_id, measure_id, instrument, 'year', period, exits, observed, expected,
           observed / expected, greatest(0, (observed - 1.96 * sqrt(observed)) / expected), (observed + 1.96 * sqrt(observed) + 1) / expected,
           observed BETWEEN 1 AND 4, period = '2025', DATE '${FIXTURE_AS_OF}'
    FROM counted
  )
  SELECT * FROM final`;

const LIMITS = `
  INSERT INTO mart.funnel_limits
  SELECT e, greatest(0, 1 - 1.96 / sqrt(e)), 1 + 1.96 / sqrt(e), greatest(0, 1 - 3.09 / sqrt(e)), 1 + 3.09 / sqrt(e)
  FROM (SELECT unnest(generate_series(1, 300))::DOUBLE AS e)`;

export async function createFixtureMarts(db: Db): Promise<void> {
  for (const sql of [...DDL, BASE, AGGREGATE, ACTIVATION_AND_COSTS, RETENTION, FUNNEL, LIMITS]) await db.run(sql);
  // the real catalogue (a model without inputs): the dashboards read each indicator's population from it
  await db.run(readFileSync(fileURLToPath(new URL('../../sql/marts/indicator_catalogue.sql', import.meta.url)), 'utf8'));
}
