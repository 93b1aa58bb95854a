-- mart.esf_participants: ESF+ common output indicators on participants
-- (Regulation (EU) 2021/1057, Annex I, point 1: https://eur-lex.europa.eu/eli/reg/2021/1057/oj).
-- Grain: one row per (period, jobcenter_id, measure_id, gender); jobcenter_id, measure_id
--   and gender are '*' on the total rows (GROUPING SETS). period = calendar year of the
--   person's first entry into the measure.
-- Unit: a person (pseudonym) counted once per measure (the Regulation counts a participant
--   once per operation): the first participation with an entry in that measure gives the
--   characteristics at entry and the Jobcenter.
-- Scope: measures with funding = 'esf' only.
-- Depends: core.participations, meta.build_parameters.
-- Definitions and limits of the input data:
--   age = year of entry − birth year (only the birth year is delivered, so a person may be
--     counted one year older than on the entry day);
--   unemployed (EECO01) = unemployed_at_entry or long-term unemployed; long-term unemployed
--     (EECO02) = long_term_unemployed;
--   the Jobcenter data do not say whether a person not unemployed was employed or inactive:
--     `inactive` counts everyone not unemployed (EECO03, may include employed persons),
--     `employed` (EECO04) is NULL = not delivered, never a guessed zero;
--   education: ISCED 0–2 / 3–4 / 5–8, `isced_unknown` when missing, so the four add up to
--     participants; third-country nationals (EECO13) = citizenship non_EU.
-- Checks: unemployed + inactive = participants; the ISCED groups add up to participants;
--   every total row equals the sum of its parts (test/reports).
CREATE OR REPLACE TABLE mart.esf_participants AS
WITH esf AS (
  SELECT *
  FROM core.participations
  WHERE funding = 'esf' AND entry_date IS NOT NULL
),

ranked AS (
  SELECT *, row_number() OVER (PARTITION BY participant_id, measure_id ORDER BY entry_date, referral_date) AS entry_rank
  FROM esf
),

first_entry AS (
  SELECT *
  FROM ranked
  WHERE entry_rank = 1
),

persons AS (
  SELECT
    lpad(CAST(EXTRACT(YEAR FROM entry_date) AS VARCHAR), 4, '0') AS period,
    jobcenter_id,
    measure_id,
    coalesce(gender, 'unknown') AS gender,
    EXTRACT(YEAR FROM entry_date) - birth_year AS age,
    coalesce(unemployed_at_entry, false) OR coalesce(long_term_unemployed, false) AS is_unemployed,
    coalesce(long_term_unemployed, false) AS is_long_term_unemployed,
    education_isced,
    coalesce(disability, false) AS has_disability,
    citizenship = 'non_EU' AS is_third_country
  FROM first_entry
),

final AS (
  SELECT
    period,
    coalesce(jobcenter_id, '*') AS jobcenter_id,
    coalesce(measure_id, '*') AS measure_id,
    coalesce(gender, '*') AS gender,
    count(*) AS participants,
    count(*) FILTER (WHERE is_unemployed) AS unemployed,
    count(*) FILTER (WHERE is_long_term_unemployed) AS long_term_unemployed,
    count(*) FILTER (WHERE NOT is_unemployed) AS inactive,
    CAST(NULL AS BIGINT) AS employed,
    count(*) FILTER (WHERE age < 18) AS under_18,
    count(*) FILTER (WHERE age BETWEEN 18 AND 29) AS age_18_29,
    count(*) FILTER (WHERE age >= 55) AS age_55_plus,
    count(*) FILTER (WHERE education_isced BETWEEN 0 AND 2) AS isced_0_2,
    count(*) FILTER (WHERE education_isced BETWEEN 3 AND 4) AS isced_3_4,
    count(*) FILTER (WHERE education_isced BETWEEN 5 AND 8) AS isced_5_8,
    count(*) FILTER (WHERE education_isced IS NULL) AS isced_unknown,
    count(*) FILTER (WHERE has_disability) AS disability,
    count(*) FILTER (WHERE is_third_country) AS third_country,
    (SELECT as_of FROM meta.build_parameters) AS as_of
  FROM persons
  GROUP BY GROUPING SETS (
    (period, jobcenter_id, measure_id, gender), (period, jobcenter_id, measure_id),
    (period, jobcenter_id, gender), (period, jobcenter_id),
    (period, gender), (period)
  )
)

SELECT * FROM final
