-- mart.provider_names: each provider's name as the provider list (Trägerverzeichnis) gives it,
--   for the labels of dashboards ("001014 Stadtwerkstatt Darmstadt" rather than the number alone).
-- Grain: provider_id. Depends: staging.providers.
-- Reference data from the Jobcenter's list of providers, not a provider's own free text; a
-- provider missing from the list keeps its number as label.
CREATE OR REPLACE TABLE mart.provider_names AS
WITH final AS (
  SELECT provider_id, name
  FROM staging.providers
)

SELECT * FROM final
