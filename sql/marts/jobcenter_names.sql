-- mart.jobcenter_names: each Jobcenter's name, type (gE, zKT) and state as its list names
--   them, for the labels of dashboards ("Jobcenter Darmstadt (06411)" rather than the number
--   alone) and the returns' covers (the area: "Hessen (alle Jobcenter)").
-- Grain: jobcenter_id. Depends: staging.jobcenters.
-- Names are reference data from the Jobcenters' own list, not computed figures; a Jobcenter
-- missing from the list keeps its number as label.
CREATE OR REPLACE TABLE mart.jobcenter_names AS
WITH final AS (
  SELECT jobcenter_id, name, type, state
  FROM staging.jobcenters
)

SELECT * FROM final
