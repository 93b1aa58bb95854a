-- core.ind_reports: indicators from the provider final reports, rolled up to periods and slices.
-- Grain: indicator × breakdown × period × slice. Depends: core.final_reports.
-- Goal indicators, anchored on anchor_exit_date (see core.final_reports):
--   goal_achievement_rate (unit: goals; breakdown goal code or '*'): achieved ÷ agreed;
--   units: the people (reports) who agreed them, for disclosure — 6 of 8 goals of 2 people
--   are the goals of 2 people (docs/readings.md, Public tables);
--   goal_progress_rate (unit: reports): reports with a goal achieved or partial ÷ reports
--   with at least one goal; goal_progress_rate_dropouts: the same among dropouts.
-- report_match_rate (unit: reports), anchored on the report's first delivery (report_date of
--   its first version): matched ÷ all reports. A correction does not move the report into
--   the correction's month (a closed quarter changed with no late data for it).
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
    date_trunc('month', first_report_date)::DATE, jobcenter_id, provider_id, instrument, measure_id,
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

-- The people who agreed a code, for disclosure (units): its goals, less the extra goals of a
-- report that agreed the code more than once (two goals outside the list are one person
-- too). Such reports are rare, so they are found and rolled up on their own (15 columns
-- more in the main roll-up cost 0.4–0.9 s at 10^6 participations).
goal_repeats AS (
  SELECT month, jobcenter_id, provider_id, instrument, measure_id, code, count(*) - 1 AS extra
  FROM (
    SELECT
      date_trunc('month', anchor_exit_date)::DATE AS month, jobcenter_id, provider_id, instrument, measure_id,
      hash(provider_id, measure_id, participant_id, entry_date) AS report,
      unnest(list_transform(goals, g -> CASE WHEN g.code IN ('daily_structure', 'health_stabilisation', 'language', 'application_documents', 'career_orientation', 'skills', 'internship', 'childcare_solved', 'housing_solved', 'debt_or_addiction_counselling', 'digital_skills', 'driving_licence', 'self_efficacy', 'other') THEN g.code ELSE 'unlisted' END)) AS code
    FROM reports
    WHERE anchor_exit_date IS NOT NULL AND len(goals) > 1
      AND len(list_distinct(list_transform(goals, g -> CASE WHEN g.code IN ('daily_structure', 'health_stabilisation', 'language', 'application_documents', 'career_orientation', 'skills', 'internship', 'childcare_solved', 'housing_solved', 'debt_or_addiction_counselling', 'digital_skills', 'driving_licence', 'self_efficacy', 'other') THEN g.code ELSE 'unlisted' END))) < len(goals)
  )
  GROUP BY ALL
  HAVING count(*) > 1
),

repeat_cells AS (
  SELECT month, jobcenter_id, provider_id, instrument, measure_id,
    sum(extra) FILTER (WHERE code = 'daily_structure') AS extra_daily_structure,
    sum(extra) FILTER (WHERE code = 'health_stabilisation') AS extra_health_stabilisation,
    sum(extra) FILTER (WHERE code = 'language') AS extra_language,
    sum(extra) FILTER (WHERE code = 'application_documents') AS extra_application_documents,
    sum(extra) FILTER (WHERE code = 'career_orientation') AS extra_career_orientation,
    sum(extra) FILTER (WHERE code = 'skills') AS extra_skills,
    sum(extra) FILTER (WHERE code = 'internship') AS extra_internship,
    sum(extra) FILTER (WHERE code = 'childcare_solved') AS extra_childcare_solved,
    sum(extra) FILTER (WHERE code = 'housing_solved') AS extra_housing_solved,
    sum(extra) FILTER (WHERE code = 'debt_or_addiction_counselling') AS extra_debt_or_addiction_counselling,
    sum(extra) FILTER (WHERE code = 'digital_skills') AS extra_digital_skills,
    sum(extra) FILTER (WHERE code = 'driving_licence') AS extra_driving_licence,
    sum(extra) FILTER (WHERE code = 'self_efficacy') AS extra_self_efficacy,
    sum(extra) FILTER (WHERE code = 'other') AS extra_other,
    sum(extra) FILTER (WHERE code = 'unlisted') AS extra_unlisted
  FROM goal_repeats
  GROUP BY ALL
),

repeats_rolled_up AS (
  SELECT * FROM core.rolled_up('repeat_cells')
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
      {'breakdown': 'daily_structure', 'numerator': achieved_daily_structure, 'denominator': agreed_daily_structure, 'units': agreed_daily_structure - coalesce(r.extra_daily_structure, 0)},
      {'breakdown': 'health_stabilisation', 'numerator': achieved_health_stabilisation, 'denominator': agreed_health_stabilisation, 'units': agreed_health_stabilisation - coalesce(r.extra_health_stabilisation, 0)},
      {'breakdown': 'language', 'numerator': achieved_language, 'denominator': agreed_language, 'units': agreed_language - coalesce(r.extra_language, 0)},
      {'breakdown': 'application_documents', 'numerator': achieved_application_documents, 'denominator': agreed_application_documents, 'units': agreed_application_documents - coalesce(r.extra_application_documents, 0)},
      {'breakdown': 'career_orientation', 'numerator': achieved_career_orientation, 'denominator': agreed_career_orientation, 'units': agreed_career_orientation - coalesce(r.extra_career_orientation, 0)},
      {'breakdown': 'skills', 'numerator': achieved_skills, 'denominator': agreed_skills, 'units': agreed_skills - coalesce(r.extra_skills, 0)},
      {'breakdown': 'internship', 'numerator': achieved_internship, 'denominator': agreed_internship, 'units': agreed_internship - coalesce(r.extra_internship, 0)},
      {'breakdown': 'childcare_solved', 'numerator': achieved_childcare_solved, 'denominator': agreed_childcare_solved, 'units': agreed_childcare_solved - coalesce(r.extra_childcare_solved, 0)},
      {'breakdown': 'housing_solved', 'numerator': achieved_housing_solved, 'denominator': agreed_housing_solved, 'units': agreed_housing_solved - coalesce(r.extra_housing_solved, 0)},
      {'breakdown': 'debt_or_addiction_counselling', 'numerator': achieved_debt_or_addiction_counselling, 'denominator': agreed_debt_or_addiction_counselling, 'units': agreed_debt_or_addiction_counselling - coalesce(r.extra_debt_or_addiction_counselling, 0)},
      {'breakdown': 'digital_skills', 'numerator': achieved_digital_skills, 'denominator': agreed_digital_skills, 'units': agreed_digital_skills - coalesce(r.extra_digital_skills, 0)},
      {'breakdown': 'driving_licence', 'numerator': achieved_driving_licence, 'denominator': agreed_driving_licence, 'units': agreed_driving_licence - coalesce(r.extra_driving_licence, 0)},
      {'breakdown': 'self_efficacy', 'numerator': achieved_self_efficacy, 'denominator': agreed_self_efficacy, 'units': agreed_self_efficacy - coalesce(r.extra_self_efficacy, 0)},
      {'breakdown': 'other', 'numerator': achieved_other, 'denominator': agreed_other, 'units': agreed_other - coalesce(r.extra_other, 0)},
      {'breakdown': 'unlisted', 'numerator': achieved_unlisted, 'denominator': agreed_unlisted, 'units': agreed_unlisted - coalesce(r.extra_unlisted, 0)}
    ]) AS c
  FROM rolled_up
  LEFT JOIN repeats_rolled_up AS r USING (period_type, period_start, jobcenter_id, provider_id, instrument, measure_id)
  WHERE core.keeps_detail((measure_id = '*')::INTEGER, period_type)
),

rates AS (
  SELECT
    period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    unnest([
      {'indicator': 'goal_progress_rate', 'numerator': progressed, 'denominator': with_goals, 'units': NULL},
      {'indicator': 'goal_progress_rate_dropouts', 'numerator': dropouts_progressed, 'denominator': dropouts_with_goals, 'units': NULL},
      {'indicator': 'report_match_rate', 'numerator': matched, 'denominator': reports, 'units': NULL},
      {'indicator': 'goal_achievement_rate', 'numerator': goals_achieved, 'denominator': goals_agreed, 'units': with_goals}
    ]) AS c
  FROM rolled_up
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, c.units::DOUBLE AS units
  FROM rates
  UNION ALL
  -- a goal code nobody agreed in the period and slice is omitted
  SELECT
    'goal_achievement_rate', c.breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    c.numerator, c.denominator, NULL, c.units
  FROM goal_rates
  WHERE c.denominator > 0
)

SELECT * FROM final
