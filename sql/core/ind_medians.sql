-- core.ind_medians: median day counts (not additive, so computed from the units directly).
-- Grain: one row per indicator × period × slice. Depends: core.participations.
-- days_referral_to_entry_median: entry − referral, by entry period (unit: entries).
-- dropout_days_median: exit − entry among dropouts, by exit period (unit: dropouts).
-- The median of an even count is the mean of the two middle values. units = the number
-- of units (disclosure: a median of 1–4 people is suppressed).
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_medians AS
WITH units AS (
  SELECT 'days_referral_to_entry_median' AS indicator, entry_date AS anchor, days_referral_to_entry AS days,
    jobcenter_id, provider_id, instrument, measure_id
  FROM core.participations
  WHERE entry_date IS NOT NULL
  UNION ALL
  SELECT 'dropout_days_median', exit_date, days_in_measure,
    jobcenter_id, provider_id, instrument, measure_id
  FROM core.participations
  WHERE exit_class = 'dropout'
),

-- periods unnested in the select list (a lateral unnest is planned as a join)
expanded AS (
  SELECT
    indicator, days, jobcenter_id, provider_id, instrument, p.period_type, p.period_start,
    core.detail_measure_key(measure_id, p.period_type) AS measure_id
  FROM (SELECT unnest(core.periods_of(NULL, anchor)) AS p, * FROM units)
),

final AS (
  SELECT
    indicator, '*' AS breakdown, period_type, period_start,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    core.slice(grouping(provider_id), provider_id) AS provider_id,
    core.slice(grouping(instrument), instrument) AS instrument,
    core.slice(grouping(measure_id), measure_id) AS measure_id,
    NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator,
    median(days)::DOUBLE AS value,
    count(*)::DOUBLE AS units
  FROM expanded
  GROUP BY indicator, period_type, period_start,
    GROUPING SETS ((), (jobcenter_id), (provider_id), (instrument), (measure_id), (jobcenter_id, instrument))
  HAVING core.keeps_detail(grouping(measure_id), period_type)
)

SELECT * FROM final
