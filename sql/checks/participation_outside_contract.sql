-- severity: warning
-- description: participations that began before their measure's contract or went on after its end (a funder pays for the contract period: check the dates or an extension of the contract)
-- Occupancy counts only the days within the contract, so such days are missing from it;
-- every other figure counts the participation as recorded.
-- jobcenter_id: the participation's own (its return lists it), not the measure's.
SELECT p.participant_id, p.jobcenter_id, p.measure_id, p.entry_date, p.exit_date, m.contract_start, m.contract_end,
  core.record_file(p._file_id, p._row) AS participation_file, core.record_row(p._file_id, p._row) AS participation_row
FROM core.participations AS p
JOIN staging.measures AS m USING (measure_id)
WHERE p.entry_date IS NOT NULL
  AND (p.entry_date < m.contract_start
    OR coalesce(p.exit_date, getvariable('as_of')) > m.contract_end)
  -- a measure listed twice (keys_unique's finding): outside every one of its contracts, listed
  -- once. Merging them into one span from the first start to the last end hid a participation
  -- in the gap between two contracts (a review).
  AND NOT EXISTS (
    SELECT 1 FROM staging.measures AS c
    -- an empty start or end is an open one (a contract without an end covered nothing: a review)
    WHERE c.measure_id = p.measure_id AND (c.contract_start IS NULL OR p.entry_date >= c.contract_start)
      AND (c.contract_end IS NULL OR coalesce(p.exit_date, getvariable('as_of')) <= c.contract_end))
QUALIFY row_number() OVER (PARTITION BY p._file_id, p._row ORDER BY m.contract_start, m.contract_end) = 1
