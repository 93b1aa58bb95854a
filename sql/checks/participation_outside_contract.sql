-- severity: warning
-- description: participations that began before their measure's contract or went on after its end (a funder pays for the contract period: check the dates or an extension of the contract)
-- Occupancy counts only the days within the contract, so such days are missing from it;
-- every other figure counts the participation as recorded.
-- jobcenter_id: the participation's own (its return lists it), not the measure's.
SELECT p.participant_id, p.jobcenter_id, p.measure_id, p.entry_date, p.exit_date, m.contract_start, m.contract_end,
  core.record_file(p._file_id, p._row) AS participation_file, core.record_row(p._file_id, p._row) AS participation_row
FROM core.participations AS p
-- one row per measure id: a measure listed twice (keys_unique's finding) listed each participation twice (a review)
JOIN (SELECT measure_id, min(contract_start) AS contract_start, max(contract_end) AS contract_end FROM staging.measures GROUP BY measure_id) AS m USING (measure_id)
WHERE p.entry_date IS NOT NULL
  AND (p.entry_date < m.contract_start
    OR coalesce(p.exit_date, getvariable('as_of')) > m.contract_end)
