-- core.ind_exits: indicators anchored on the exit (phases 2–4), rolled up to periods and
--   slices; the count of exits itself is core.ind_referrals' (one grid with the other flows).
-- Grain: indicator × breakdown × period × slice. Unit: exits (participations that entered
--   and left). Depends: core.participations, core.exit_outcomes.
-- Window indicators count an exit in numerator and denominator only once exit + N ≤ as-of
--   (N = 14 report on time, 28 employed on leaving, 42 debriefing, 182 six-month status).
-- Shares (dropout_phase_share, dropout_reason_share): dropouts per code ÷ all dropouts of
--   the same period and slice. The codes are columns of the one wide pass (phases, and the
--   reason codes of sql/reference/dropout_reasons.csv plus 'unlisted' for any other code),
--   so the codes of a slice always add up to its dropouts.
-- One wide pass: sums per exit month and cell (Jobcenter, provider, instrument, measure),
-- rolled up by core.rolled_up, then one row per indicator (and code), unpivoted in the
-- select list (a lateral unnest would be planned as a join over all columns).
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_exits AS
WITH exits AS (
  SELECT
    date_trunc('month', p.exit_date)::DATE AS month,
    p.jobcenter_id, p.provider_id, p.instrument, p.measure_id,
    p.exit_class, p.dropout_phase, p.primary_reason, p.has_report,
    p.jobcenter_informed_date < p.exit_date AS notified_before,
    p.exit_date + 14 <= getvariable('as_of') AS window_14_closed,
    p.exit_date + 42 <= getvariable('as_of') AS window_42_closed,
    -- the first delivery: a later correction does not make a report that arrived in time late
    p.first_report_date <= p.exit_date + 14 AS report_within_14,
    p.debriefing_date <= p.exit_date + 42 AS debriefed_within_42,
    p.exit_date + 182 <= getvariable('as_of') AS window_182_closed,
    p.exit_date + 28 <= getvariable('as_of') AS window_28_closed,
    coalesce(o.integrated_182, false) AS integrated_182,
    coalesce(o.not_unemployed_182, false) AS not_unemployed_182,
    coalesce(o.employed_28, false) AS employed_28
  FROM core.participations AS p
  LEFT JOIN core.exit_outcomes AS o USING (participant_id, exit_date)
  WHERE p.exit_date IS NOT NULL
),

monthly AS (
  SELECT
    month, jobcenter_id, provider_id, instrument, measure_id,
    count(*) AS exits,
    core.count_true(exit_class = 'dropout') AS dropouts,
    core.count_true(exit_class = 'completed') AS completions,
    core.count_true(exit_class = 'dropout' AND dropout_phase = 'first_14_days') AS phase_first_14_days,
    core.count_true(exit_class = 'dropout' AND dropout_phase = 'early') AS phase_early,
    core.count_true(exit_class = 'dropout' AND dropout_phase = 'middle') AS phase_middle,
    core.count_true(exit_class = 'dropout' AND dropout_phase = 'late') AS phase_late,
    core.count_true(exit_class = 'dropout' AND dropout_phase = 'unknown') AS phase_unknown,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'health') AS reason_health,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'mental_strain') AS reason_mental_strain,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'overload') AS reason_overload,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'childcare') AS reason_childcare,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'care_duties') AS reason_care_duties,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'housing') AS reason_housing,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'family_conflict') AS reason_family_conflict,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'language') AS reason_language,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'transport') AS reason_transport,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'poor_fit') AS reason_poor_fit,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'insufficient_information') AS reason_insufficient_information,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'motivation') AS reason_motivation,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'conflict_with_provider') AS reason_conflict_with_provider,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'job_uptake') AS reason_job_uptake,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'training_uptake') AS reason_training_uptake,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'moved') AS reason_moved,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'other') AS reason_other,
    core.count_true(exit_class = 'dropout' AND primary_reason = 'missing') AS reason_missing,
    core.count_true(exit_class = 'dropout' AND primary_reason NOT IN ('health', 'mental_strain', 'overload', 'childcare', 'care_duties', 'housing', 'family_conflict', 'language', 'transport', 'poor_fit', 'insufficient_information', 'motivation', 'conflict_with_provider', 'job_uptake', 'training_uptake', 'moved', 'other', 'missing')) AS reason_unlisted,
    core.count_true(exit_class = 'positive_early_exit') AS positive_early_exits,
    core.count_true(exit_class = 'dropout' AND has_report) AS dropouts_with_report,
    core.count_true(exit_class = 'dropout' AND has_report AND notified_before) AS dropouts_notified_before,
    core.count_true(window_182_closed) AS exits_182,
    core.count_true(window_182_closed AND integrated_182) AS integrated_182,
    core.count_true(window_182_closed AND not_unemployed_182) AS not_unemployed_182,
    core.count_true(window_28_closed) AS exits_28,
    core.count_true(window_28_closed AND employed_28) AS employed_28,
    core.count_true(window_14_closed) AS exits_14,
    core.count_true(window_14_closed AND report_within_14) AS reports_on_time,
    core.count_true(window_42_closed) AS exits_42,
    core.count_true(window_42_closed AND debriefed_within_42) AS debriefed_42
  FROM exits
  GROUP BY ALL
),

rolled_up AS (
  SELECT * FROM core.rolled_up('monthly')
),

-- one row per indicator (and code), unpivoted in the select list

rates AS (
  SELECT
    period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    unnest([
      {'indicator': 'dropout_rate', 'numerator': dropouts, 'denominator': exits},
      {'indicator': 'positive_early_exit_rate', 'numerator': positive_early_exits, 'denominator': exits},
      {'indicator': 'completion_rate', 'numerator': completions, 'denominator': exits},
      {'indicator': 'dropout_notified_before_rate', 'numerator': dropouts_notified_before, 'denominator': dropouts_with_report},
      {'indicator': 'integration_rate_6m', 'numerator': integrated_182, 'denominator': exits_182},
      {'indicator': 'not_unemployed_rate_6m', 'numerator': not_unemployed_182, 'denominator': exits_182},
      {'indicator': 'employed_on_leaving_rate', 'numerator': employed_28, 'denominator': exits_28},
      {'indicator': 'report_on_time_rate', 'numerator': reports_on_time, 'denominator': exits_14},
      {'indicator': 'debriefing_rate', 'numerator': debriefed_42, 'denominator': exits_42}
    ]) AS c
  FROM rolled_up
),

-- codes per measure: years only
shares AS (
  SELECT
    period_type, period_start, jobcenter_id, provider_id, instrument, measure_id, dropouts,
    unnest([
      {'indicator': 'dropout_phase_share', 'breakdown': 'first_14_days', 'numerator': phase_first_14_days},
      {'indicator': 'dropout_phase_share', 'breakdown': 'early', 'numerator': phase_early},
      {'indicator': 'dropout_phase_share', 'breakdown': 'middle', 'numerator': phase_middle},
      {'indicator': 'dropout_phase_share', 'breakdown': 'late', 'numerator': phase_late},
      {'indicator': 'dropout_phase_share', 'breakdown': 'unknown', 'numerator': phase_unknown},
      {'indicator': 'dropout_reason_share', 'breakdown': 'health', 'numerator': reason_health},
      {'indicator': 'dropout_reason_share', 'breakdown': 'mental_strain', 'numerator': reason_mental_strain},
      {'indicator': 'dropout_reason_share', 'breakdown': 'overload', 'numerator': reason_overload},
      {'indicator': 'dropout_reason_share', 'breakdown': 'childcare', 'numerator': reason_childcare},
      {'indicator': 'dropout_reason_share', 'breakdown': 'care_duties', 'numerator': reason_care_duties},
      {'indicator': 'dropout_reason_share', 'breakdown': 'housing', 'numerator': reason_housing},
      {'indicator': 'dropout_reason_share', 'breakdown': 'family_conflict', 'numerator': reason_family_conflict},
      {'indicator': 'dropout_reason_share', 'breakdown': 'language', 'numerator': reason_language},
      {'indicator': 'dropout_reason_share', 'breakdown': 'transport', 'numerator': reason_transport},
      {'indicator': 'dropout_reason_share', 'breakdown': 'poor_fit', 'numerator': reason_poor_fit},
      {'indicator': 'dropout_reason_share', 'breakdown': 'insufficient_information', 'numerator': reason_insufficient_information},
      {'indicator': 'dropout_reason_share', 'breakdown': 'motivation', 'numerator': reason_motivation},
      {'indicator': 'dropout_reason_share', 'breakdown': 'conflict_with_provider', 'numerator': reason_conflict_with_provider},
      {'indicator': 'dropout_reason_share', 'breakdown': 'job_uptake', 'numerator': reason_job_uptake},
      {'indicator': 'dropout_reason_share', 'breakdown': 'training_uptake', 'numerator': reason_training_uptake},
      {'indicator': 'dropout_reason_share', 'breakdown': 'moved', 'numerator': reason_moved},
      {'indicator': 'dropout_reason_share', 'breakdown': 'other', 'numerator': reason_other},
      {'indicator': 'dropout_reason_share', 'breakdown': 'missing', 'numerator': reason_missing},
      {'indicator': 'dropout_reason_share', 'breakdown': 'unlisted', 'numerator': reason_unlisted}
    ]) AS c
  FROM rolled_up
  WHERE core.keeps_detail((measure_id = '*')::INTEGER, period_type)
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM rates
  UNION ALL
  -- a code with no dropouts in the period and slice is omitted
  SELECT
    c.indicator, c.breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    c.numerator, dropouts, NULL, NULL
  FROM shares
  WHERE c.numerator > 0
)

SELECT * FROM final
