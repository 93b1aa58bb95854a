-- core.known_jobcenters: the Jobcenters a stock row (staging.jobcenter_stocks) may belong
--   to — those of the Jobcenters' list and any a participation names (a list not complete
--   yet). A row of another id — 'Hessen insgesamt', a state's total in a ministry's
--   consolidated file — is no Jobcenter's: core.ind_activation leaves it out of every
--   denominator, and the check stock_refs_resolve lists it.
-- Grain: jobcenter_id. Depends: staging.jobcenters, core.participations.
CREATE OR REPLACE VIEW core.known_jobcenters AS
WITH final AS (
  SELECT jobcenter_id FROM staging.jobcenters WHERE jobcenter_id IS NOT NULL
  UNION
  SELECT jobcenter_id FROM core.participations WHERE jobcenter_id IS NOT NULL
)

SELECT * FROM final
