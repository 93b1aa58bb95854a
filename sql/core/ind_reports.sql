-- core.ind_reports: indicators from the provider final reports, rolled up to periods and slices.
-- Grain: indicator × breakdown × period × slice. Depends: core.final_reports.
-- Goal indicators, anchored on anchor_exit_date (see core.final_reports):
--   goal_achievement_rate (unit: goals; breakdown goal code or '*'): achieved ÷ agreed;
--   goal_progress_rate (unit: reports): reports with a goal achieved or partial ÷ reports
--   with at least one goal; goal_progress_rate_dropouts: the same among dropouts.
-- report_match_rate (unit: reports), anchored on report_date: matched ÷ all reports.
-- Slices of a report: its own provider_id and measure_id; Jobcenter and instrument as in
-- core.final_reports.
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_reports AS
WITH reports AS (
  SELECT * FROM core.final_reports
),

report_units AS (
  SELECT
    date_trunc('month', anchor_exit_date)::DATE AS month, jobcenter_id, provider_id, instrument, measure_id,
    (goals_agreed > 0 AND goals_progressed > 0)::INTEGER AS progressed,
    (goals_agreed > 0)::INTEGER AS with_goals,
    (exit_class = 'dropout' AND goals_agreed > 0 AND goals_progressed > 0)::INTEGER AS dropouts_progressed,
    (exit_class = 'dropout' AND goals_agreed > 0)::INTEGER AS dropouts_with_goals,
    goals_agreed,
    len(list_filter(goals, g -> g.status = 'achieved')) AS goals_achieved,
    0 AS matched,
    0 AS reports
  FROM reports
  WHERE anchor_exit_date IS NOT NULL
  UNION ALL
  SELECT
    date_trunc('month', report_date)::DATE, jobcenter_id, provider_id, instrument, measure_id,
    0, 0, 0, 0, 0, 0, is_matched::INTEGER, 1
  FROM reports
),

monthly AS (
  SELECT month, jobcenter_id, provider_id, instrument, measure_id,
    sum(COLUMNS(* EXCLUDE (month, jobcenter_id, provider_id, instrument, measure_id)))
  FROM report_units
  GROUP BY ALL
),

expanded AS (
  SELECT m.* REPLACE (core.measure_key(m.measure_id, p.period_type, p.period_start) AS measure_id), p.period_type, p.period_start
  FROM monthly AS m, unnest(core.periods_of(NULL, m.month)) AS x(p)
),

rolled_up AS (
  SELECT
    period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    sum(COLUMNS(* EXCLUDE (month, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id)))::DOUBLE
  FROM expanded
  GROUP BY period_type, period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_slice(grouping(measure_id), period_type, period_start)
),

goals AS (
  SELECT
    r.jobcenter_id, r.provider_id, r.instrument,
    core.measure_key(r.measure_id, p.period_type, p.period_start) AS measure_id,
    coalesce(g.code, 'unknown') AS goal_code,
    (g.status = 'achieved')::INTEGER AS achieved,
    p.period_type, p.period_start
  FROM reports AS r, unnest(r.goals) AS y(g), unnest(core.periods_of(NULL, r.anchor_exit_date)) AS x(p)
  WHERE r.anchor_exit_date IS NOT NULL
),

goal_rates AS (
  SELECT
    'goal_achievement_rate' AS indicator,
    goal_code AS breakdown,
    period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    sum(achieved)::DOUBLE AS numerator,
    count(*)::DOUBLE AS denominator
  FROM goals
  GROUP BY goal_code, period_type, period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_slice(grouping(measure_id), period_type, period_start)
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, r.period_type, r.period_start,
    r.jobcenter_id, r.provider_id, r.instrument, r.measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM rolled_up AS r, unnest([
    {'indicator': 'goal_progress_rate', 'numerator': progressed, 'denominator': with_goals},
    {'indicator': 'goal_progress_rate_dropouts', 'numerator': dropouts_progressed, 'denominator': dropouts_with_goals},
    {'indicator': 'report_match_rate', 'numerator': matched, 'denominator': reports},
    {'indicator': 'goal_achievement_rate', 'numerator': goals_achieved, 'denominator': goals_agreed}
  ]) AS x(c)
  UNION ALL BY NAME
  SELECT *, NULL::DOUBLE AS value, NULL::DOUBLE AS units FROM goal_rates
)

SELECT * FROM final
