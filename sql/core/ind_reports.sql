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

report_cells AS (
  SELECT month, jobcenter_id, provider_id, instrument, measure_id,
    sum(COLUMNS(* EXCLUDE (month, jobcenter_id, provider_id, instrument, measure_id)))
  FROM report_units
  GROUP BY ALL
),

-- goals per code: unnested once (in the select list), counted as columns per month and
-- cell (the codes of sql/reference/goal_codes.csv plus 'unlisted')
goal_units AS (
  SELECT
    date_trunc('month', anchor_exit_date)::DATE AS month, jobcenter_id, provider_id, instrument, measure_id,
    unnest(goals) AS g
  FROM reports
  WHERE anchor_exit_date IS NOT NULL
),

goal_cells AS (
  SELECT
    month, jobcenter_id, provider_id, instrument, measure_id,
    core.count_true(g.code = 'daily_structure') AS agreed_daily_structure,
    core.count_true(g.code = 'daily_structure' AND g.status = 'achieved') AS achieved_daily_structure,
    core.count_true(g.code = 'health_stabilisation') AS agreed_health_stabilisation,
    core.count_true(g.code = 'health_stabilisation' AND g.status = 'achieved') AS achieved_health_stabilisation,
    core.count_true(g.code = 'language') AS agreed_language,
    core.count_true(g.code = 'language' AND g.status = 'achieved') AS achieved_language,
    core.count_true(g.code = 'application_documents') AS agreed_application_documents,
    core.count_true(g.code = 'application_documents' AND g.status = 'achieved') AS achieved_application_documents,
    core.count_true(g.code = 'career_orientation') AS agreed_career_orientation,
    core.count_true(g.code = 'career_orientation' AND g.status = 'achieved') AS achieved_career_orientation,
    core.count_true(g.code = 'skills') AS agreed_skills,
    core.count_true(g.code = 'skills' AND g.status = 'achieved') AS achieved_skills,
    core.count_true(g.code = 'internship') AS agreed_internship,
    core.count_true(g.code = 'internship' AND g.status = 'achieved') AS achieved_internship,
    core.count_true(g.code = 'childcare_solved') AS agreed_childcare_solved,
    core.count_true(g.code = 'childcare_solved' AND g.status = 'achieved') AS achieved_childcare_solved,
    core.count_true(g.code = 'housing_solved') AS agreed_housing_solved,
    core.count_true(g.code = 'housing_solved' AND g.status = 'achieved') AS achieved_housing_solved,
    core.count_true(g.code = 'debt_or_addiction_counselling') AS agreed_debt_or_addiction_counselling,
    core.count_true(g.code = 'debt_or_addiction_counselling' AND g.status = 'achieved') AS achieved_debt_or_addiction_counselling,
    core.count_true(g.code = 'digital_skills') AS agreed_digital_skills,
    core.count_true(g.code = 'digital_skills' AND g.status = 'achieved') AS achieved_digital_skills,
    core.count_true(g.code = 'driving_licence') AS agreed_driving_licence,
    core.count_true(g.code = 'driving_licence' AND g.status = 'achieved') AS achieved_driving_licence,
    core.count_true(g.code = 'self_efficacy') AS agreed_self_efficacy,
    core.count_true(g.code = 'self_efficacy' AND g.status = 'achieved') AS achieved_self_efficacy,
    core.count_true(g.code = 'other') AS agreed_other,
    core.count_true(g.code = 'other' AND g.status = 'achieved') AS achieved_other,
    core.count_true(g.code NOT IN ('daily_structure', 'health_stabilisation', 'language', 'application_documents', 'career_orientation', 'skills', 'internship', 'childcare_solved', 'housing_solved', 'debt_or_addiction_counselling', 'digital_skills', 'driving_licence', 'self_efficacy', 'other')) AS agreed_unlisted,
    core.count_true(g.code NOT IN ('daily_structure', 'health_stabilisation', 'language', 'application_documents', 'career_orientation', 'skills', 'internship', 'childcare_solved', 'housing_solved', 'debt_or_addiction_counselling', 'digital_skills', 'driving_licence', 'self_efficacy', 'other') AND g.status = 'achieved') AS achieved_unlisted
  FROM goal_units
  GROUP BY ALL
),

-- one roll-up for both: a goal cell always has its report cell (same reports, same month),
-- so the rows are those of the reports; goal columns are null where no goal was agreed
monthly AS (
  SELECT * FROM report_cells
  UNION ALL BY NAME
  SELECT * FROM goal_cells
),

rolled_up AS (
  SELECT * FROM core.rolled_up('monthly')
),

-- one row per indicator (and goal code), unpivoted in the select list; codes per measure:
-- years only
goal_rates AS (
  SELECT
    period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    unnest([
      {'breakdown': 'daily_structure', 'numerator': achieved_daily_structure, 'denominator': agreed_daily_structure},
      {'breakdown': 'health_stabilisation', 'numerator': achieved_health_stabilisation, 'denominator': agreed_health_stabilisation},
      {'breakdown': 'language', 'numerator': achieved_language, 'denominator': agreed_language},
      {'breakdown': 'application_documents', 'numerator': achieved_application_documents, 'denominator': agreed_application_documents},
      {'breakdown': 'career_orientation', 'numerator': achieved_career_orientation, 'denominator': agreed_career_orientation},
      {'breakdown': 'skills', 'numerator': achieved_skills, 'denominator': agreed_skills},
      {'breakdown': 'internship', 'numerator': achieved_internship, 'denominator': agreed_internship},
      {'breakdown': 'childcare_solved', 'numerator': achieved_childcare_solved, 'denominator': agreed_childcare_solved},
      {'breakdown': 'housing_solved', 'numerator': achieved_housing_solved, 'denominator': agreed_housing_solved},
      {'breakdown': 'debt_or_addiction_counselling', 'numerator': achieved_debt_or_addiction_counselling, 'denominator': agreed_debt_or_addiction_counselling},
      {'breakdown': 'digital_skills', 'numerator': achieved_digital_skills, 'denominator': agreed_digital_skills},
      {'breakdown': 'driving_licence', 'numerator': achieved_driving_licence, 'denominator': agreed_driving_licence},
      {'breakdown': 'self_efficacy', 'numerator': achieved_self_efficacy, 'denominator': agreed_self_efficacy},
      {'breakdown': 'other', 'numerator': achieved_other, 'denominator': agreed_other},
      {'breakdown': 'unlisted', 'numerator': achieved_unlisted, 'denominator': agreed_unlisted}
    ]) AS c
  FROM rolled_up
  WHERE core.keeps_detail((measure_id = '*')::INTEGER, period_type)
),

rates AS (
  SELECT
    period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    unnest([
      {'indicator': 'goal_progress_rate', 'numerator': progressed, 'denominator': with_goals},
      {'indicator': 'goal_progress_rate_dropouts', 'numerator': dropouts_progressed, 'denominator': dropouts_with_goals},
      {'indicator': 'report_match_rate', 'numerator': matched, 'denominator': reports},
      {'indicator': 'goal_achievement_rate', 'numerator': goals_achieved, 'denominator': goals_agreed}
    ]) AS c
  FROM rolled_up
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM rates
  UNION ALL
  -- a goal code nobody agreed in the period and slice is omitted
  SELECT
    'goal_achievement_rate', c.breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    c.numerator, c.denominator, NULL, NULL
  FROM goal_rates
  WHERE c.denominator > 0
)

SELECT * FROM final
