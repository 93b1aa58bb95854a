-- severity: error
-- description: stock figures of a Jobcenter that neither the Jobcenters' list nor any participation names (a state's or region's total, 'Land Hessen'?): left out of the activation rates; delete the row, or add the Jobcenter to the list
-- A ministry's consolidated file with a row 'Hessen insgesamt' loaded as a Jobcenter of its
-- own: its figures were added to the denominators of every Jobcenter's '*' activation rate
-- (2.16 % instead of 10.8 %, an ingest audit). core.ind_activation reads only the stock rows
-- of known Jobcenters; these are the others.
SELECT s.jobcenter_id, s.month, s.elb, s.unemployed, s.long_term_recipients,
  core.record_file(s._file_id, s._row) AS stocks_file, core.record_row(s._file_id, s._row) AS stocks_row
FROM staging.jobcenter_stocks AS s
WHERE s.jobcenter_id NOT IN (SELECT jobcenter_id FROM core.known_jobcenters)
