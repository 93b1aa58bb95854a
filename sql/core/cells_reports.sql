-- core.cells_reports: additive indicator cells from the provider final reports.
-- Grain: one row per indicator × breakdown × month × (jobcenter, provider, measure).
-- Depends: core.final_reports.
-- Goal indicators: anchored on anchor_exit_date (see core.final_reports); unit = goals
--   (goal_achievement_rate, breakdown goal code or '*') or reports (goal_progress_rate*).
-- report_match_rate: anchored on report_date; unit = reports.
CREATE OR REPLACE TABLE core.cells_reports AS
WITH reports AS (
  SELECT *, date_trunc('month', anchor_exit_date)::DATE AS exit_month
  FROM core.final_reports
),

goals AS (
  SELECT
    r.exit_month AS period_start, r.jobcenter_id, r.provider_id, r.instrument, r.measure_id,
    g.code AS goal_code,
    g.status AS goal_status
  FROM reports AS r, unnest(r.goals) AS x(g)
  WHERE r.anchor_exit_date IS NOT NULL
),

goal_cells AS (
  SELECT
    'goal_achievement_rate' AS indicator,
    core.slice(grouping(goal_code), goal_code) AS breakdown,
    period_start, jobcenter_id, provider_id, instrument, measure_id,
    count_if(goal_status = 'achieved')::DOUBLE AS numerator,
    count(*)::DOUBLE AS denominator
  FROM goals
  GROUP BY period_start, jobcenter_id, provider_id, instrument, measure_id, GROUPING SETS ((), (goal_code))
),

progress AS (
  SELECT
    exit_month AS period_start, jobcenter_id, provider_id, instrument, measure_id,
    count_if(goals_agreed > 0 AND goals_progressed > 0) AS progressed,
    count_if(goals_agreed > 0) AS with_goals,
    count_if(exit_class = 'dropout' AND goals_agreed > 0 AND goals_progressed > 0) AS dropouts_progressed,
    count_if(exit_class = 'dropout' AND goals_agreed > 0) AS dropouts_with_goals
  FROM reports
  WHERE anchor_exit_date IS NOT NULL
  GROUP BY ALL
),

matching AS (
  SELECT
    date_trunc('month', report_date)::DATE AS period_start, jobcenter_id, provider_id, instrument, measure_id,
    count_if(is_matched) AS matched,
    count(*) AS reports
  FROM reports
  GROUP BY ALL
),

final AS (
  SELECT
    indicator, breakdown, NULL::VARCHAR AS period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    numerator, denominator, NULL::DOUBLE AS units
  FROM goal_cells
  UNION ALL
  SELECT
    c.indicator, '*', NULL, p.period_start,
    p.jobcenter_id, p.provider_id, p.instrument, p.measure_id,
    c.numerator, c.denominator, NULL
  FROM progress AS p, unnest([
    {'indicator': 'goal_progress_rate', 'numerator': progressed::DOUBLE, 'denominator': with_goals::DOUBLE},
    {'indicator': 'goal_progress_rate_dropouts', 'numerator': dropouts_progressed, 'denominator': dropouts_with_goals}
  ]) AS x(c)
  UNION ALL
  SELECT
    'report_match_rate', '*', NULL, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    matched, reports, NULL
  FROM matching
)

SELECT * FROM final
