-- mart.indicator_catalogue: one row per indicator id (docs/indicators.md and the
-- ids added in docs/readings.md): what it counts (unit — participations and persons are never
-- mixed), its kind (how value, interval and disclosure are derived), its anchor and
-- period types. mart.indicator_values reads it; dashboards may label figures with it.
-- Grain: indicator. Depends: nothing.
--   kind: count (value = numerator) | rate (numerator ÷ denominator, Wilson interval) |
--         share (rate whose denominator is the sum over the breakdown codes) |
--         ratio (numerator ÷ denominator, no interval; EUR) | expected | oe_ratio (Byar
--         interval) | median | km (value computed upstream)
--   disclosure: which counts must not be 1..threshold-1 (num, den, units)
--   window: days after the anchor before a unit counts (indicators.md, window rule), or
--         'horizon' (Kaplan–Meier: the day of the breakdown); the figure stays provisional
--         until the window of the period's last day has closed too (docs/readings.md)
CREATE OR REPLACE TABLE mart.indicator_catalogue AS
WITH catalogue(indicator, kind, unit, anchor, period_types, disclosure, description) AS (
  VALUES
    ('referrals', 'count', 'participations', 'referral', 'month,quarter,year', 'num', 'referrals'),
    ('no_show_rate', 'rate', 'participations', 'referral', 'month,quarter,year', 'num,den', 'referrals with no entry ÷ referrals, 42-day window closed'),
    ('days_referral_to_entry_median', 'median', 'days', 'entry', 'month,quarter,year', 'units', 'median days referral → entry'),
    ('entries', 'count', 'participations', 'entry', 'month,quarter,year', 'num', 'entries'),
    ('exits', 'count', 'participations', 'exit', 'month,quarter,year', 'num', 'exits (entered and left)'),
    ('dropout_rate', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'exits of class dropout ÷ all exits'),
    ('positive_early_exit_rate', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'exits of class positive_early_exit ÷ all exits'),
    ('completion_rate', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'exits of class completed ÷ all exits'),
    ('dropout_phase_share', 'share', 'participations', 'exit', 'month,quarter,year', 'num,den', 'dropouts in the phase ÷ all dropouts'),
    ('dropout_reason_share', 'share', 'participations', 'exit', 'month,quarter,year', 'num,den', 'dropouts with the primary reason ÷ all dropouts'),
    ('dropout_days_median', 'median', 'days', 'exit', 'month,quarter,year', 'units', 'median days entry → exit among dropouts'),
    ('retention_km', 'km', 'participations', 'entry', 'month,quarter,year', 'units', 'Kaplan–Meier probability of no dropout by day 30/90/180'),
    ('attendance_rate', 'rate', 'participant-days', 'month', 'month,quarter,year', 'num,den,units', 'days present ÷ days planned (units: monthly reports, one per participation and month)'),
    ('at_risk_participants', 'count', 'participations', 'month end', 'month', 'num', 'active participations with attendance < 80 % or ≥ 3 unexcused days'),
    ('dropout_notified_before_rate', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'dropouts with the Jobcenter informed before the exit ÷ dropouts with a final report'),
    ('occupancy_rate', 'rate', 'participant-days', 'month', 'month,quarter,year', 'num,den,units', 'participant-days ÷ places × contract days (units: participations active in the month, summed over the period''s months)'),
    ('activation_rate_aq1', 'rate', 'persons', 'stichtag', 'stichtag', 'num,den', 'persons in activating measures ÷ (those persons + unemployed)'),
    ('activation_rate_elb', 'rate', 'persons', 'stichtag', 'stichtag', 'num,den', 'persons in activating measures ÷ employable benefit recipients'),
    ('activation_rate_ltr', 'rate', 'persons', 'stichtag', 'stichtag', 'num,den', 'long-term recipients in activating measures ÷ long-term recipients'),
    ('goal_achievement_rate', 'rate', 'goals', 'exit', 'month,quarter,year', 'num,den,units', 'goals achieved ÷ goals agreed'),
    ('goal_progress_rate', 'rate', 'reports', 'exit', 'month,quarter,year', 'num,den', 'reports with a goal achieved or partial ÷ reports with a goal'),
    ('goal_progress_rate_dropouts', 'rate', 'reports', 'exit', 'month,quarter,year', 'num,den', 'the same among dropouts'),
    ('integration_rate_6m', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'exits employed_svp/apprenticeship 182 days after exit ÷ exits with 182 days passed'),
    ('not_unemployed_rate_6m', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'exits with a known status other than unemployed 182 days after exit ÷ exits with 182 days passed'),
    ('employed_on_leaving_rate', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'exits employed within 28 days ÷ exits with 28 days passed'),
    ('report_on_time_rate', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'exits with a final report within 14 days ÷ exits with 14 days passed'),
    ('reports_overdue', 'count', 'participations', 'as_of', 'stichtag', 'num', 'exits without a final report more than 14 days after exit'),
    ('debriefing_rate', 'rate', 'participations', 'exit', 'month,quarter,year', 'num,den', 'exits with a debriefing within 42 days ÷ exits with 42 days passed'),
    ('report_match_rate', 'rate', 'reports', 'report', 'month,quarter,year', 'num,den', 'final reports matching a participation ÷ final reports'),
    ('dropout_expected', 'expected', 'participations', 'exit', 'month,quarter,year', 'units', 'expected dropouts (indirect standardisation)'),
    ('dropout_oe_ratio', 'oe_ratio', 'participations', 'exit', 'month,quarter,year', 'num,units', 'observed ÷ expected dropouts'),
    ('cost_per_participant', 'ratio', 'EUR per participation', 'contract start', 'year', 'units', 'measure cost ÷ entries'),
    ('cost_per_successful_exit', 'ratio', 'EUR per participation', 'contract start', 'year', 'units', 'measure cost ÷ completed or positive early exits'),
    ('participants_active', 'count', 'participations', 'stichtag', 'stichtag', 'num', 'participations active at month end')
),

windows(indicator, "window") AS (
  VALUES
    ('no_show_rate', '42'),
    ('integration_rate_6m', '182'),
    ('not_unemployed_rate_6m', '182'),
    ('employed_on_leaving_rate', '28'),
    ('report_on_time_rate', '14'),
    ('debriefing_rate', '42'),
    ('retention_km', 'horizon')
),

final AS (
  SELECT c.*, w."window"
  FROM catalogue AS c
  LEFT JOIN windows AS w USING (indicator)
)

SELECT * FROM final
