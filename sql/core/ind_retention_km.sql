-- core.ind_retention_km: Kaplan–Meier probability of not having dropped out by day 30, 90 and
-- 180 after entry, per entry period and slice (indicator retention_km, breakdown d30/d90/d180).
-- Grain: one row per horizon × period × slice. Depends: core.participations.
-- Time = exit − entry in days (still active: as-of − entry); event = an exit of class
-- dropout; every other exit is censored at its exit, the still active at as-of. S(t)
-- includes the events of day t; observations censored on day t stay at risk on day t.
-- Only days 0..180 matter: times beyond 180 are held at 181 (at risk throughout), which
-- keeps the day histogram small whatever the data size.
-- units = the entries of the group (disclosure). A horizon is reported only when someone
-- of the group is still observed on that day (at risk there), or when S has reached 0.
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
    core.count_true(is_event) AS events, count(*) AS leaving
  FROM entered
  GROUP BY ALL
),

-- days per slice: slices other than the measure per month first (few rows), then months
-- summed to quarters and years; the measure slice per year only (core.keeps_detail)
slices_by_month AS (
  SELECT
    month, day,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    sum(events) AS events,
    sum(leaving) AS leaving
  FROM monthly
  GROUP BY month, day, GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (jobcenter_id, instrument))
),

slices AS (
  SELECT p.period_type, p.period_start, jobcenter_id, provider_id, instrument, '*' AS measure_id, day,
    sum(events) AS events, sum(leaving) AS leaving
  FROM (SELECT unnest(core.periods_of(NULL, month)) AS p, * EXCLUDE (month) FROM slices_by_month)
  GROUP BY ALL
),

days AS (
  SELECT * FROM slices
  UNION ALL
  SELECT 'year', date_trunc('year', month)::DATE, '*', '*', '*', coalesce(measure_id, 'unknown'), day,
    sum(events), sum(leaving)
  FROM monthly
  GROUP BY ALL
),

-- at risk on day t: everyone whose time is t or later (no time exceeds 181), a running
-- sum from the last day down
at_risk AS (
  SELECT
    *,
    sum(leaving) OVER (
      PARTITION BY period_type, period_start, jobcenter_id, provider_id, instrument, measure_id
      ORDER BY day DESC ROWS UNBOUNDED PRECEDING) AS at_risk
  FROM days
),

-- all three horizons in one pass over the days of a group
horizons AS (
  SELECT
    period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    sum(leaving) AS entries,
    max(day) AS followed_up,
    core.km_survival(30, day, events, at_risk) AS d30,
    core.km_survival(90, day, events, at_risk) AS d90,
    core.km_survival(180, day, events, at_risk) AS d180
  FROM at_risk
  GROUP BY ALL
),

unpivoted AS (
  SELECT *, unnest([{'breakdown': 'd30', 'day': 30, 'survival': d30}, {'breakdown': 'd90', 'day': 90, 'survival': d90}, {'breakdown': 'd180', 'day': 180, 'survival': d180}]) AS h
  FROM horizons
),

final AS (
  SELECT
    'retention_km' AS indicator, h.breakdown, period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator,
    h.survival AS value,
    entries::DOUBLE AS units
  FROM unpivoted
  -- a horizon nobody of the group has reached by as-of (entrants of May, as-of September:
  -- day 180) is not estimated: the curve would only be held flat past its last day — unless
  -- it has reached 0 (the last still at risk dropped out): then S is 0 from there on
  WHERE followed_up >= h.day OR h.survival = 0
)

SELECT * FROM final
