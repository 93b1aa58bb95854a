-- severity: warning
-- description: exits with an empty exit reason, no provider outcome and no derivable planned end (classed completed)
SELECT core.participation_key(p.participant_id, p.measure_id, p.referral_date) AS participation_key, p.measure_id, p.entry_date, p.exit_date,
  f.name AS participation_file, p._row AS participation_row
FROM core.participations AS p
LEFT JOIN meta.files AS f ON f.file_id = p._file_id
WHERE p.exit_class_source = 'no_planned_end'
