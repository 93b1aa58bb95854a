-- core.cells_exits: additive indicator cells anchored on the exit (phases 2–4).
-- Grain: one row per indicator × breakdown × exit month × (jobcenter, measure).
--   Unit: exits (participations that entered and left), except where noted.
-- Depends: core.participations, core.exit_outcomes.
-- Window indicators count an exit in numerator and denominator only once exit + N ≤ as-of
--   (N = 14 report on time, 28 employed on leaving, 42 debriefing, 182 six-month status).
-- Shares (dropout_phase_share, dropout_reason_share) carry only numerators here; their
--   denominator, all dropouts of the slice, is the sum over the breakdown codes.
CREATE OR REPLACE TABLE core.cells_exits AS
WITH exits AS (
  SELECT
    p.*,
    o.window_182_closed,
    o.window_28_closed,
    o.integrated_182,
    o.not_unemployed_182,
    o.employed_28,
    p.exit_date + 14 <= getvariable('as_of') AS window_14_closed,
    p.exit_date + 42 <= getvariable('as_of') AS window_42_closed,
    date_trunc('month', p.exit_date)::DATE AS period_start
  FROM core.participations AS p
  JOIN core.exit_outcomes AS o USING (participation_key)
),

agg AS (
  SELECT
    period_start, jobcenter_id, provider_id, instrument, measure_id,
    count(*) AS exits,
    count_if(exit_class = 'dropout') AS dropouts,
    count_if(exit_class = 'completed') AS completions,
    count_if(exit_class = 'positive_early_exit') AS positive_early_exits,
    count_if(exit_class = 'dropout' AND has_report) AS dropouts_with_report,
    count_if(exit_class = 'dropout' AND has_report AND jobcenter_informed_date < exit_date) AS dropouts_notified_before,
    count_if(window_182_closed) AS exits_182,
    count_if(window_182_closed AND integrated_182) AS integrated_182,
    count_if(window_182_closed AND not_unemployed_182) AS not_unemployed_182,
    count_if(window_28_closed) AS exits_28,
    count_if(window_28_closed AND employed_28) AS employed_28,
    count_if(window_14_closed) AS exits_14,
    count_if(window_14_closed AND report_date <= exit_date + 14) AS reports_on_time,
    count_if(window_42_closed) AS exits_42,
    count_if(window_42_closed AND debriefing_date <= exit_date + 42) AS debriefed_42
  FROM exits
  GROUP BY ALL
),

rates AS (
  SELECT
    c.indicator, '*' AS breakdown, a.period_start,
    a.jobcenter_id, a.provider_id, a.instrument, a.measure_id,
    c.numerator, c.denominator
  FROM agg AS a, unnest([
    {'indicator': 'exits', 'numerator': exits::DOUBLE, 'denominator': NULL::DOUBLE},
    {'indicator': 'dropout_rate', 'numerator': dropouts, 'denominator': exits},
    {'indicator': 'positive_early_exit_rate', 'numerator': positive_early_exits, 'denominator': exits},
    {'indicator': 'completion_rate', 'numerator': completions, 'denominator': exits},
    {'indicator': 'dropout_notified_before_rate', 'numerator': dropouts_notified_before, 'denominator': dropouts_with_report},
    {'indicator': 'integration_rate_6m', 'numerator': integrated_182, 'denominator': exits_182},
    {'indicator': 'not_unemployed_rate_6m', 'numerator': not_unemployed_182, 'denominator': exits_182},
    {'indicator': 'employed_on_leaving_rate', 'numerator': employed_28, 'denominator': exits_28},
    {'indicator': 'report_on_time_rate', 'numerator': reports_on_time, 'denominator': exits_14},
    {'indicator': 'debriefing_rate', 'numerator': debriefed_42, 'denominator': exits_42}
  ]) AS x(c)
),

shares AS (
  SELECT
    b.indicator, b.code AS breakdown, e.period_start,
    e.jobcenter_id, e.provider_id, e.instrument, e.measure_id,
    count(*)::DOUBLE AS numerator, NULL::DOUBLE AS denominator
  FROM exits AS e, unnest([
    {'indicator': 'dropout_phase_share', 'code': e.dropout_phase},
    {'indicator': 'dropout_reason_share', 'code': e.primary_reason}
  ]) AS y(b)
  WHERE e.exit_class = 'dropout'
  GROUP BY ALL
),

final AS (
  SELECT
    indicator, breakdown, NULL::VARCHAR AS period_type, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator, NULL::DOUBLE AS units
  FROM rates
  UNION ALL
  SELECT
    indicator, breakdown, NULL, period_start,
    jobcenter_id, provider_id, instrument, measure_id,
    numerator, denominator, NULL
  FROM shares
)

SELECT * FROM final
