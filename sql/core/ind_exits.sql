-- core.ind_exits: indicators anchored on the exit (phases 2–4), rolled up to periods and slices.
-- Grain: indicator × breakdown × period × slice. Unit: exits (participations that entered
--   and left). Depends: core.participations, core.exit_outcomes.
-- Window indicators count an exit in numerator and denominator only once exit + N ≤ as-of
--   (N = 14 report on time, 28 employed on leaving, 42 debriefing, 182 six-month status).
-- Shares (dropout_phase_share, dropout_reason_share): dropouts per code ÷ all dropouts of
--   the same period and slice (the sum over the codes).
-- One wide pass for the rates (sums per exit month and slice cell, then month/quarter/year,
-- then GROUPING SETS), one long pass over the dropouts only for the shares.
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
    p.report_date <= p.exit_date + 14 AS report_within_14,
    p.debriefing_date <= p.exit_date + 42 AS debriefed_within_42,
    o.window_182_closed, o.window_28_closed, o.integrated_182, o.not_unemployed_182, o.employed_28
  FROM core.participations AS p
  JOIN core.exit_outcomes AS o USING (participation_key)
),

monthly AS (
  SELECT
    month, jobcenter_id, provider_id, instrument, measure_id,
    count(*) AS exits,
    count_if(exit_class = 'dropout') AS dropouts,
    count_if(exit_class = 'completed') AS completions,
    count_if(exit_class = 'positive_early_exit') AS positive_early_exits,
    count_if(exit_class = 'dropout' AND has_report) AS dropouts_with_report,
    count_if(exit_class = 'dropout' AND has_report AND notified_before) AS dropouts_notified_before,
    count_if(window_182_closed) AS exits_182,
    count_if(window_182_closed AND integrated_182) AS integrated_182,
    count_if(window_182_closed AND not_unemployed_182) AS not_unemployed_182,
    count_if(window_28_closed) AS exits_28,
    count_if(window_28_closed AND employed_28) AS employed_28,
    count_if(window_14_closed) AS exits_14,
    count_if(window_14_closed AND report_within_14) AS reports_on_time,
    count_if(window_42_closed) AS exits_42,
    count_if(window_42_closed AND debriefed_within_42) AS debriefed_42
  FROM exits
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

rates AS (
  SELECT
    c.indicator, '*' AS breakdown, r.period_type, r.period_start,
    r.jobcenter_id, r.provider_id, r.instrument, r.measure_id,
    c.numerator, c.denominator
  FROM rolled_up AS r, unnest([
    {'indicator': 'exits', 'numerator': exits, 'denominator': NULL::DOUBLE},
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

dropout_codes AS (
  SELECT e.month, e.jobcenter_id, e.provider_id, e.instrument,
    core.measure_key(e.measure_id, p.period_type, p.period_start) AS measure_id, b.indicator, b.code, p.period_type, p.period_start
  FROM exits AS e,
    unnest([
      {'indicator': 'dropout_phase_share', 'code': e.dropout_phase},
      {'indicator': 'dropout_reason_share', 'code': e.primary_reason}
    ]) AS y(b),
    unnest(core.periods_of(NULL, e.month)) AS x(p)
  WHERE e.exit_class = 'dropout'
),

share_counts AS (
  SELECT
    indicator, code AS breakdown, period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    count(*)::DOUBLE AS numerator
  FROM dropout_codes
  GROUP BY indicator, code, period_type, period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_slice(grouping(measure_id), period_type, period_start)
),

shares AS (
  SELECT
    *,
    sum(numerator) OVER (PARTITION BY indicator, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id) AS denominator
  FROM share_counts
),

final AS (
  SELECT
    indicator, breakdown, period_type, period_start, jobcenter_id, provider_id, instrument, measure_id,
    numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM rates
  UNION ALL BY NAME
  SELECT * EXCLUDE (numerator, denominator), numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator,
    NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM shares
)

SELECT * FROM final
