-- core.coverage: the first month each Jobcenter's participation data reach back to.
-- Grain: Jobcenter. Depends: core.participations.
-- Before it the data hold no participations of that Jobcenter, which is not the same as
-- none taking place: a measure contracted in 2020 in data that begin in 2023 would show
-- 0 % occupancy for 2020–2022 and the cost of its whole contract over the few
-- participants the data hold. Occupancy and costs leave out what lies before it.
-- Runs on PostgreSQL too, as the marts do (test/models/portable-marts.test.ts).
CREATE OR REPLACE VIEW core.coverage AS
SELECT
  jobcenter_id,
  CAST(date_trunc('month', min(least(referral_date, coalesce(entry_date, referral_date)))) AS DATE) AS covered_from
FROM core.participations
GROUP BY jobcenter_id
