-- core.ind_retention_km: Kaplan–Meier probability of not having dropped out by day 30, 90 and
-- 180 after entry, per entry period and slice (indicator retention_km, breakdown d30/d90/d180).
-- Grain: one row per horizon × period × slice. Depends: core.participations.
-- Time = exit − entry in days (still active: as-of − entry); event = an exit of class
-- dropout; every other exit is censored at its exit, the still active at as-of. S(t)
-- includes the events of day t; observations censored on day t stay at risk on day t.
-- Only days 0..180 matter: times beyond 180 are held at 181 (at risk throughout), which
-- keeps the day histogram small whatever the data size.
-- units = the entries of the group (disclosure).
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_retention_km AS
WITH entered AS (
  SELECT
    date_trunc('month', entry_date)::DATE AS month,
    jobcenter_id, provider_id, instrument, measure_id,
    least(coalesce(exit_date, getvariable('as_of')) - entry_date, 181)::INTEGER AS day,
    coalesce(exit_class = 'dropout' AND exit_date - entry_date <= 180, false) AS is_event
  FROM core.participations
  WHERE entry_date IS NOT NULL
),

monthly AS (
  SELECT month, jobcenter_id, provider_id, instrument, measure_id, day,
    count_if(is_event) AS events, count(*) AS leaving
  FROM entered
  GROUP BY ALL
),

expanded AS (
  SELECT m.* REPLACE (core.detail_measure_key(m.measure_id, p.period_type) AS measure_id), p.period_type, p.period_start
  FROM monthly AS m, unnest(core.periods_of(NULL, m.month)) AS x(p)
),

days AS (
  SELECT
    period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    day,
    sum(events) AS events,
    sum(leaving) AS leaving
  FROM expanded
  GROUP BY period_type, period_start, day,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_detail(grouping(measure_id), period_type)
),

at_risk AS (
  SELECT
    *,
    sum(leaving) OVER grp AS entries,
    sum(leaving) OVER grp - coalesce(sum(leaving) OVER (grp ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS at_risk
  FROM days
  WINDOW grp AS (PARTITION BY period_type, period_start, jobcenter_id, provider_id, instrument, measure_id)
),

horizons AS (
  SELECT
    a.period_type, a.period_start, a.jobcenter_id, a.provider_id, a.instrument, a.measure_id,
    h.label AS breakdown,
    any_value(a.entries) AS entries,
    -- product of (1 − d/n) as a sum of logs; a day on which everyone at risk drops out sets S to 0
    CASE WHEN bool_or(a.day <= h.horizon AND a.events > 0 AND a.events >= a.at_risk) THEN 0.0
      ELSE exp(sum(CASE WHEN a.day <= h.horizon AND a.events > 0 AND a.events < a.at_risk THEN ln(1 - a.events / a.at_risk) ELSE 0 END)) END AS survival
  FROM at_risk AS a, (VALUES (30, 'd30'), (90, 'd90'), (180, 'd180')) AS h(horizon, label)
  GROUP BY ALL
),

final AS (
  SELECT
    'retention_km' AS indicator, breakdown, period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator,
    survival AS value,
    entries::DOUBLE AS units
  FROM horizons
)

SELECT * FROM final
