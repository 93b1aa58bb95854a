/**
 * Data-quality checks whose SQL takes shortcuts for speed at 10^6 participations
 * (keys_unique: hash pre-grouping; stocks_missing: month spans instead of
 * core.participation_months; report_before_exit: two exit dates): the failing rows, worked
 * out by hand on a tiny data set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

const AS_OF = '2024-09-15';

// person, jobcenter, referral, entry, exit
const PARTICIPATIONS: [string, string, string, string | null, string | null][] = [
  ['a', 'J1', '2024-01-02', '2024-01-15', '2024-03-31'], // month ends Jan, Feb, Mar (exit on the last day counts)
  ['b', 'J1', '2024-05-02', '2024-05-10', '2024-05-20'], // no month end
  ['c', 'J1', '2024-06-01', '2024-06-30', null], // Jun, Jul, Aug (Sep ends after as-of)
  ['d', 'J1', '2024-02-01', '2024-02-01', '2024-02-28'], // leap year: 28.02. is not the month end
  ['e', 'J9', '2024-04-01', '2024-04-01', '2024-04-30'], // unknown Jobcenter: Apr
  ['f', 'J1', '2024-10-01', null, null], // referred after as-of
  ['g', 'J1', '2024-09-01', '2024-09-02', '2024-10-31'], // exit after as-of: active, but Sep ends after as-of
];

describe('data-quality checks', () => {
  let tiny: TinyDb;
  let db: Db;
  const rows = async (check: string): Promise<Record<string, unknown>[]> => {
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === check)!.sql;
    return withCheckInputs(db, project, AS_OF, () => db.json(`${sql} order by all`));
  };

  beforeAll(async () => {
    tiny = await tinyDb(['J1', 'J9'], ['P1'], 90);
    db = tiny.db;
    // the ledger the checks name input files from
    for (const [id, kind, name] of [[2, 'participations', 'teilnahmen.csv'], [3, 'attendance', 'anwesenheit.csv'], [4, 'final_reports', 'berichte.csv'], [5, 'jobcenter_stocks', 'bestand.csv']] as const) {
      await tiny.file(id, kind, name);
    }
    for (const p of PARTICIPATIONS) await tiny.participation(...p);
    let row = 100;
    // a second current copy of a's record key (a bypassed ingest): one duplicated key, 2 copies
    await tiny.participation('a', 'J1', '2024-01-02', '2024-01-16', '2024-03-31');
    // attendance: b's May three times (in force), c's June twice but one copy superseded
    const attendance: [string, string, boolean][] = [
      ['b', '2024-05-01', true],
      ['b', '2024-05-01', true],
      ['b', '2024-05-01', true],
      ['c', '2024-06-01', true],
      ['c', '2024-06-01', false],
      ['c', '2024-07-01', true],
    ];
    for (const [person, month, current] of attendance) {
      await db.run(
        `INSERT INTO raw.attendance (provider_id, measure_id, participant_id, month, days_planned, _file_id, _row, _current)
         VALUES ('P1', 'M1', $pid, $month::DATE, 20, 3, $row, $current)`,
        { pid: pid(person), month, row: ++row, current },
      );
    }
    // two reports of a without an entry date: the key (P1, M1, a, null) is repeated
    for (const r of [1, 2]) {
      await db.run(
        `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, outcome, _file_id, _row, _current)
         VALUES ('P1', 'M1', $pid, DATE '2024-04-10', 'completed', 4, $r, true)`,
        { pid: pid('a'), r },
      );
    }
    // person, entry, the provider's exit, report date
    const reports: [string, string, string, string][] = [
      ['b', '2024-05-10', '2024-05-12', '2024-05-15'], // after the provider's exit, before the Jobcenter's (20.05.)
      ['c', '2024-06-30', '2024-07-10', '2024-07-05'], // before its own exit (the Jobcenter has none)
      ['d', '2024-02-01', '2024-02-28', '2024-02-28'], // on the exit day: fine
      ['g', '2024-09-02', '2024-09-10', '2024-09-12'], // the Jobcenter's exit (31.10.) is after as-of: not yet an exit
    ];
    for (const [person, entry, exit, reported] of reports) {
      await db.run(
        `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, exit_date, outcome, _file_id, _row, _current)
         VALUES ('P1', 'M1', $pid, $reported::DATE, $entry::DATE, $exit::DATE, 'dropout', 4, $row, true)`,
        { pid: pid(person), entry, exit, reported, row: ++row },
      );
    }
    // d's report as first sent, dated before the exit (28.02.), since replaced by the one on the exit day
    await db.run(
      `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, exit_date, outcome, _file_id, _row, _current)
       VALUES ('P1', 'M1', $pid, DATE '2024-02-20', DATE '2024-02-01', DATE '2024-02-28', 'dropout', 4, 99, false)`,
      { pid: pid('d') },
    );
    // J1's stock rows: May full; Feb with every figure empty (valid: all three are optional);
    // Jul without `unemployed` (AQ1's figure)
    const stocks: [string, number | null, number | null, number | null][] = [
      ['2024-02-01', null, null, null],
      ['2024-05-01', 100, 50, 60],
      ['2024-07-01', 100, null, 60],
    ];
    for (const [month, elb, unemployed, ltr] of stocks) {
      await db.run(
        `INSERT INTO raw.jobcenter_stocks (jobcenter_id, month, elb, unemployed, long_term_recipients, _file_id, _row, _current)
         VALUES ('J1', $month::DATE, $elb::INTEGER, $unemployed::INTEGER, $ltr::INTEGER, 5, 1, true)`,
        { month, elb, unemployed, ltr },
      );
    }
  });
  afterAll(() => tiny?.close());

  it('every check has a German label and description for the returns\' Datenqualität sheet', async () => {
    // Without one the sheet shows the check's file name and English description.
    const labelled = await db.all<{ check: string }>(`select "check" from ref.check_labels where label <> '' and description <> ''`);
    const missing = discoverProject().checks.map((c) => c.name).filter((n) => !labelled.some((l) => l.check === n));
    expect(missing, 'add a row to sql/reference/check_labels.csv').toEqual([]);
    // and no label of a check that is gone (exit_reason_unknown's stayed behind on the sheet)
    const names = discoverProject().checks.map((c) => c.name);
    const stale = (await db.all<{ check: string }>(`select "check" from ref.check_labels`)).map((l) => l.check).filter((c) => !names.includes(c));
    expect(stale, 'remove the row from sql/reference/check_labels.csv').toEqual([]);
  });

  it('keys_unique lists every copy of a repeated record key in force: the key, its copies, and the input file and row of each', async () => {
    // It printed only kind and copies ("participations  2"): nothing a clerk could look up.
    const attendance = `M1|${pid('b')}|2024-05-01`;
    expect(await rows('keys_unique')).toEqual([
      { kind: 'attendance', key: attendance, copies: '3', file: 'anwesenheit.csv', row: 101 },
      { kind: 'attendance', key: attendance, copies: '3', file: 'anwesenheit.csv', row: 102 },
      { kind: 'attendance', key: attendance, copies: '3', file: 'anwesenheit.csv', row: 103 },
      // a report without an entry date: the empty part of its key stays in place
      { kind: 'final_reports', key: `P1|M1|${pid('a')}|`, copies: '2', file: 'berichte.csv', row: 1 },
      { kind: 'final_reports', key: `P1|M1|${pid('a')}|`, copies: '2', file: 'berichte.csv', row: 2 },
      { kind: 'participations', key: `${pid('a')}|M1|2024-01-02`, copies: '2', file: 'teilnahmen.csv', row: 1 },
      { kind: 'participations', key: `${pid('a')}|M1|2024-01-02`, copies: '2', file: 'teilnahmen.csv', row: 8 },
    ]);
  });

  it('report_before_exit lists final reports dated before the provider\'s or the Jobcenter\'s exit', async () => {
    expect(await rows('report_before_exit')).toEqual([
      // with the report's input file and row and the matched Jobcenter record's (b: row 2, c: row 3)
      { provider_id: 'P1', measure_id: 'M1', participant_id: pid('b'), jobcenter_id: 'J1', entry_date: '2024-05-10', report_date: '2024-05-15', first_report_date: '2024-05-15', report_exit_date: '2024-05-12', jobcenter_exit_date: '2024-05-20', report_file: 'berichte.csv', report_row: 107, participation_file: 'teilnahmen.csv', participation_row: 2 },
      { provider_id: 'P1', measure_id: 'M1', participant_id: pid('c'), jobcenter_id: 'J1', entry_date: '2024-06-30', report_date: '2024-07-05', first_report_date: '2024-07-05', report_exit_date: '2024-07-10', jobcenter_exit_date: null, report_file: 'berichte.csv', report_row: 108, participation_file: 'teilnahmen.csv', participation_row: 3 },
      // its first version before the exit (report_on_time_rate counts that one), the one in force on the exit day
      { provider_id: 'P1', measure_id: 'M1', participant_id: pid('d'), jobcenter_id: 'J1', entry_date: '2024-02-01', report_date: '2024-02-28', first_report_date: '2024-02-20', report_exit_date: '2024-02-28', jobcenter_exit_date: '2024-02-28', report_file: 'berichte.csv', report_row: 109, participation_file: 'teilnahmen.csv', participation_row: 4 },
    ].sort((x, y) => x.participant_id.localeCompare(y.participant_id)));
  });

  it('stocks_missing lists the Jobcenter months with someone active at month end and a stock figure missing', async () => {
    // J1: Jan, Mar (a), Jun, Aug (c) have no stock row; Feb's row has no figure (no activation
    // rate at all), Jul's no `unemployed` (no AQ1); May has stocks but nobody at its end
    const all = 'elb, unemployed, long_term_recipients';
    expect(await rows('stocks_missing')).toEqual([
      { jobcenter_id: 'J1', month: '2024-01-01', missing: all },
      { jobcenter_id: 'J1', month: '2024-02-01', missing: all },
      { jobcenter_id: 'J1', month: '2024-03-01', missing: all },
      { jobcenter_id: 'J1', month: '2024-06-01', missing: all },
      { jobcenter_id: 'J1', month: '2024-07-01', missing: 'unemployed' },
      { jobcenter_id: 'J1', month: '2024-08-01', missing: all },
      { jobcenter_id: 'J9', month: '2024-04-01', missing: all },
    ]);
  });

  it('age_implausible lists participations whose birth year makes the person under 15 or over 67 in the entry year (else the referral year)', async () => {
    // a (entry 2024, two copies in force): 2030 → -6; b: 1950 → 74; c: 2009 → 15 and d: 1957 → 67 (the edges, fine);
    // g (entry 2024): 2012 → 12; f (referred after as-of): 2012, not yet in the data; the others have no birth year
    for (const [person, year] of [['a', 2030], ['b', 1950], ['c', 2009], ['d', 1957], ['f', 2012], ['g', 2012]] as const) {
      await db.run('UPDATE raw.participations SET birth_year = $year WHERE participant_id = $pid', { year, pid: pid(person) });
    }
    const found = await rows('age_implausible');
    expect(found.map((r) => [r['participant_id'], r['birth_year'], r['age_in_entry_year'], r['participation_file'], r['participation_row']])).toEqual([
      [pid('a'), 2030, -6, 'teilnahmen.csv', 1],
      [pid('a'), 2030, -6, 'teilnahmen.csv', 8],
      [pid('b'), 1950, 74, 'teilnahmen.csv', 2],
      [pid('g'), 2012, 12, 'teilnahmen.csv', 7],
    ].sort((x, y) => String(x[0]).localeCompare(String(y[0])) || Number(x[4]) - Number(y[4])));
  });

  it('attendance_days_above_planned lists reports with more days present, or present and absent together, than planned', async () => {
    // a's Jan: 20 of 20 present (fine); Feb: 25 present of 20; Mar: 15 present + 3 E + 2 UE + 1 K = 21 of 20;
    // d's Feb: 18 present + 2 K of 20 (fine, the days add up); a superseded copy of Feb is not in force
    const reports: [string, string, number, number, number, number, number, boolean][] = [
      ['a', '2024-01-01', 20, 20, 0, 0, 0, true],
      ['a', '2024-02-01', 20, 25, 0, 0, 0, true],
      ['a', '2024-03-01', 20, 15, 3, 2, 1, true],
      ['d', '2024-02-01', 20, 18, 0, 0, 2, true],
      ['d', '2024-02-01', 20, 30, 0, 0, 0, false],
    ];
    let row = 200;
    for (const [person, month, planned, present, excused, unexcused, sick, current] of reports) {
      await db.run(
        `INSERT INTO raw.attendance (provider_id, measure_id, participant_id, month, days_planned, days_present, days_excused, days_unexcused, days_sick, _file_id, _row, _current)
         VALUES ('P1', 'M1', $pid, $month::DATE, $planned, $present, $excused, $unexcused, $sick, 3, $row, $current)`,
        { pid: pid(person), month, planned, present, excused, unexcused, sick, row: ++row, current },
      );
    }
    const found = await rows('attendance_days_above_planned');
    expect(found.map((r) => [r['participant_id'], r['month'], r['days_planned'], r['days_present'], r['file'], r['row']])).toEqual([
      [pid('a'), '2024-02-01', 20, 25, 'anwesenheit.csv', 202],
      [pid('a'), '2024-03-01', 20, 15, 'anwesenheit.csv', 203],
    ]);
  });
});

describe('exit_class_conflicts', () => {
  let tiny: TinyDb;
  afterAll(() => tiny?.close());

  it("reads the provider's positive_early_exit by the Jobcenter code's rule: on or after the planned end it is a completion, not a conflict", async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90); // entry 01.01.2024: planned end 31.03.2024
    const { db } = tiny;
    // person, the Jobcenter's code, exit, the provider's outcome
    const cases: [string, string, string, string][] = [
      ['h', '01', '2024-03-31', 'positive_early_exit'], // regular end at the planned end: both say completed
      ['i', '03', '2024-02-15', 'completed'], // left early for a job, the provider says completed: a conflict
      ['j', '07', '2024-02-15', 'completed'], // a dropout the provider calls completed: a conflict
      ['k', '03', '2024-04-05', 'positive_early_exit'], // a job after the planned end: both completed
      ['l', '01', '2024-02-15', 'positive_early_exit'], // regular end before the planned end, early by the provider: a conflict
      // transfers (05): a provider has no transfer outcome — what it reports is no conflict to correct
      ['t', '05', '2024-02-15', 'dropout'],
      ['u', '05', '2024-02-15', 'completed'],
    ];
    for (const [row, [person, code, exit, outcome]] of cases.entries()) {
      await db.run(
        `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, exit_reason, _file_id, _row, _current)
         VALUES ($pid, 'J1', 'M1', DATE '2023-12-01', DATE '2024-01-01', $exit::DATE, $code, 2, $row, true)`,
        { pid: pid(person), exit, code, row: row + 1 },
      );
      await db.run(
        `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, exit_date, outcome, _file_id, _row, _current)
         VALUES ('P1', 'M1', $pid, DATE '2024-04-20', DATE '2024-01-01', $exit::DATE, $outcome, 3, $row, true)`,
        { pid: pid(person), exit, outcome, row: row + 1 },
      );
    }
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === 'exit_class_conflicts')!.sql;
    const found = await withCheckInputs(db, project, '2024-06-30', () => db.json(`SELECT exit_reason, exit_class, report_outcome FROM (${sql}) ORDER BY exit_reason, exit_class`));
    expect(found).toEqual([
      { exit_reason: '01', exit_class: 'completed', report_outcome: 'positive_early_exit' },
      { exit_reason: '03', exit_class: 'positive_early_exit', report_outcome: 'completed' },
      { exit_reason: '07', exit_class: 'dropout', report_outcome: 'completed' },
    ]);
  });

  it('names both records by input file and row, with the stay\'s dates and the report\'s provider', async () => {
    // It showed a participation key and the codes only: 35 of 400 sample participations share
    // measure and referral date, and which provider report was meant was not said.
    const { db } = tiny;
    await tiny.file(2, 'participations', 'teilnahmen.csv');
    await tiny.file(3, 'final_reports', 'abschlussberichte_P1.csv');
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === 'exit_class_conflicts')!.sql;
    const found = await withCheckInputs(db, project, '2024-06-30', () =>
      db.json(`SELECT exit_reason, entry_date, exit_date, provider_id, report_date, participation_file, participation_row, report_file, report_row FROM (${sql}) ORDER BY exit_reason`),
    );
    const row = (code: string, exit: string, at: number) => ({
      exit_reason: code, entry_date: '2024-01-01', exit_date: exit, provider_id: 'P1', report_date: '2024-04-20',
      participation_file: 'teilnahmen.csv', participation_row: at, report_file: 'abschlussberichte_P1.csv', report_row: at,
    });
    expect(found).toEqual([row('01', '2024-02-15', 5), row('03', '2024-02-15', 2), row('07', '2024-02-15', 3)]);
  });
});

describe('occupancy_above_places', () => {
  let tiny: TinyDb;
  afterAll(() => tiny?.close());

  it('lists a measure with 0 places that has people (no occupancy rate: its denominator is 0), not one whose places are empty (unknown)', async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    const { db } = tiny;
    // measure, places (null: empty); contract 2025
    const measures: [string, number | null][] = [['M0', 0], ['M2', 1], ['M9', null]];
    for (const [row, [measure, places]] of measures.entries()) {
      await db.run(
        `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, contract_start, contract_end, places, planned_duration_days, _file_id, _row, _current)
         VALUES ($measure, 'J1', 'P1', '45_MAT', DATE '2025-01-01', DATE '2025-12-31', $places::INTEGER, 90, 1, $row, true)`,
        { measure, places, row: row + 2 },
      );
    }
    // two people in each measure for all of Q1 2025 (90 days each): 180 participant-days
    let row = 0;
    for (const [measure] of measures) {
      for (const person of ['a', 'b']) {
        await db.run(
          `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, exit_reason, _file_id, _row, _current)
           VALUES ($pid, 'J1', $measure, DATE '2024-12-15', DATE '2025-01-01', DATE '2025-03-31', '01', 2, $row, true)`,
          { pid: pid(`${person}-${measure}`), measure, row: ++row },
        );
      }
    }
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === 'occupancy_above_places')!.sql;
    const [found, family] = await withCheckInputs(db, project, '2025-06-30', async () => [
      await db.json(`${sql} ORDER BY ALL`),
      // the check sums M0's days itself: they must be the occupancy family's numerator
      await db.json(`SELECT numerator, denominator FROM core.ind_occupancy WHERE measure_id = 'M0' AND period_type = 'quarter' AND period_start = DATE '2025-01-01'`),
    ]);
    expect(family).toEqual([{ numerator: 180, denominator: 0 }]);
    // M0: 180 days on 0 × 90 place-days; M2: 180 on 1 × 90 (the mart's rate, 200 %); M9: places unknown
    expect(found).toEqual([
      { measure_id: 'M0', period: '2025-Q1', participant_days: 180, place_days: 0 },
      { measure_id: 'M2', period: '2025-Q1', participant_days: 180, place_days: 90 },
    ]);
  });
});

