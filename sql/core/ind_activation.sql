-- core.ind_activation: activation rates at each month end (stichtag); unit: PERSONS (distinct
-- pseudonyms), so one person in two measures on the reference date counts once.
-- Grain: one row per indicator × reference date × slice ('*' or jobcenter — the only
--   slices with a denominator). Depends: core.participations,
--   staging.jobcenter_stocks (the rows of known Jobcenters: core.known_jobcenters),
--   ref.instrument_activation.
-- A person counts when active on the reference date in a participation whose instrument
--   counts as activation that day (the catalogue's latest recorded version; 16k has no
--   row and never counts). Only Jobcenters with the rate's stock figure for the month are
--   included, in numerator and denominator alike: '*' = those Jobcenters together, per rate
--   (a Jobcenter whose file left `unemployed` empty is in '*' of the elb rate, not of aq1 —
--   its persons without their denominator would inflate the rate).
-- aq1: persons ÷ (persons + unemployed); elb: persons ÷ elb; ltr: long-term recipients
--   among the persons ÷ long_term_recipients.
-- A view: computed once, inside mart.indicator_values (no second write of its rows).
CREATE OR REPLACE VIEW core.ind_activation AS
WITH catalogue AS (
  SELECT code, valid_from, valid_to
  FROM ref.instrument_activation
  QUALIFY recorded_on IS NOT DISTINCT FROM max(recorded_on) OVER (PARTITION BY code)
),

stocks AS (
  SELECT jobcenter_id, last_day(month) AS stichtag, elb, unemployed, long_term_recipients
  FROM staging.jobcenter_stocks
  WHERE last_day(month) <= getvariable('as_of')
    -- a state's total ('Hessen insgesamt') is no Jobcenter's: it doubled the '*' denominators
    AND jobcenter_id IN (SELECT jobcenter_id FROM core.known_jobcenters)
),

-- Spans in which a participation counts as activation (entry..exit ∩ the catalogue's
-- validity ∩ ..as-of), then the month ends inside them. Persons are carried as the 64-bit
-- hash of their pseudonym (a collision among 10^6 persons has a probability of about
-- 3·10^-8 and would undercount by one), which keeps the 4·10^6 month-end rows small.
spans AS (
  SELECT
    hash(p.participant_id) AS person,
    p.jobcenter_id,
    coalesce(p.long_term_recipient, false) AS ltr,
    greatest(p.entry_date, c.valid_from) AS from_day,
    least(coalesce(p.exit_date, getvariable('as_of')), coalesce(c.valid_to, getvariable('as_of')), getvariable('as_of')) AS to_day
  FROM core.participations AS p
  JOIN catalogue AS c ON c.code = p.instrument
  WHERE p.entry_date IS NOT NULL
),

active AS (
  SELECT person, jobcenter_id, ltr, stichtag
  FROM (
    SELECT s.*, last_day(unnest(generate_series(date_trunc('month', s.from_day), date_trunc('month', s.to_day), INTERVAL 1 MONTH))::DATE) AS stichtag
    FROM spans AS s
    WHERE s.to_day >= s.from_day
  )
  WHERE stichtag <= to_day
),

-- distinct persons without DISTINCT aggregates: one row per person per Jobcenter (with which
-- of the Jobcenter's stock figures exist), then per person over all Jobcenters (a person in
-- two Jobcenters counts once in '*'); a person counts as long-term recipient when any of
-- the spans says so
person_jobcenters AS (
  SELECT a.stichtag, a.jobcenter_id, a.person, bool_or(a.ltr) AS ltr,
    bool_or(s.unemployed IS NOT NULL) AS has_unemployed,
    bool_or(s.elb IS NOT NULL) AS has_elb,
    bool_or(s.long_term_recipients IS NOT NULL) AS has_ltr
  FROM active AS a
  JOIN stocks AS s ON s.jobcenter_id = a.jobcenter_id AND s.stichtag = a.stichtag
  GROUP BY a.stichtag, a.jobcenter_id, a.person
),

-- per Jobcenter the rate's own stock figure decides whether its row exists at all (a null
-- denominator is omitted); in '*' each rate counts the persons of the Jobcenters it sums
persons AS (
  SELECT stichtag, jobcenter_id, count(*) AS persons_aq1, count(*) AS persons_elb, core.count_true(ltr) AS ltr_persons
  FROM person_jobcenters
  GROUP BY ALL
  UNION ALL
  SELECT stichtag, '*', core.count_true(has_unemployed), core.count_true(has_elb), core.count_true(ltr)
  FROM (
    SELECT stichtag, person, bool_or(has_unemployed) AS has_unemployed, bool_or(has_elb) AS has_elb, bool_or(ltr AND has_ltr) AS ltr
    FROM person_jobcenters
    GROUP BY ALL)
  GROUP BY ALL
),

denominators AS (
  SELECT
    stichtag,
    core.slice(grouping(jobcenter_id), jobcenter_id) AS jobcenter_id,
    sum(elb) AS elb,
    sum(unemployed) AS unemployed,
    sum(long_term_recipients) AS long_term_recipients
  FROM stocks
  GROUP BY stichtag, GROUPING SETS ((), (jobcenter_id))
),

joined AS (
  SELECT d.*, coalesce(p.persons_aq1, 0) AS persons_aq1, coalesce(p.persons_elb, 0) AS persons_elb, coalesce(p.ltr_persons, 0) AS ltr_persons
  FROM denominators AS d
  LEFT JOIN persons AS p USING (stichtag, jobcenter_id)
),

unpivoted AS (
  SELECT *, unnest([
    {'indicator': 'activation_rate_aq1', 'numerator': persons_aq1::DOUBLE, 'denominator': (persons_aq1 + unemployed)::DOUBLE},
    {'indicator': 'activation_rate_elb', 'numerator': persons_elb, 'denominator': elb},
    {'indicator': 'activation_rate_ltr', 'numerator': ltr_persons, 'denominator': long_term_recipients}
  ]) AS c
  FROM joined
),

final AS (
  SELECT
    c.indicator, '*' AS breakdown, 'stichtag' AS period_type, stichtag AS period_start,
    jobcenter_id, '*' AS provider_id, '*' AS instrument, '*' AS measure_id,
    c.numerator, c.denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS units
  FROM unpivoted
)

SELECT * FROM final
