-- severity: warning
-- description: exits with an empty exit reason, no provider outcome and no derivable planned end (classed completed)
SELECT core.participation_key(p.participant_id, p.measure_id, p.referral_date) AS participation_key, p.jobcenter_id, p.measure_id, p.entry_date, p.exit_date,
  core.record_file(p._file_id, p._row) AS participation_file, core.record_row(p._file_id, p._row) AS participation_row
FROM core.participations AS p
WHERE p.exit_class_source = 'no_planned_end'
