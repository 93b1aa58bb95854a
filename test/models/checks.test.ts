/**
 * Data-quality checks whose SQL takes shortcuts for speed at 10^6 participations
 * (keys_unique: hash pre-grouping; stocks_missing: month spans instead of
 * core.participation_months): the failing rows, worked out by hand on a tiny data set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';

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
  let dir: string;
  let db: Db;
  const rows = async (check: string): Promise<Record<string, unknown>[]> => {
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === check)!.sql;
    return withCheckInputs(db, project, AS_OF, () => db.json(`${sql} order by all`));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-checks-'));
    db = await Db.open(join(dir, 'almp.duckdb'));
    await bootstrap(db);
    await db.run(
      `INSERT INTO raw.jobcenters (jobcenter_id, name, _file_id, _row, _current) VALUES ('J1', 'Eins', 1, 1, true), ('J9', 'Neun', 1, 2, true)`,
    );
    await db.run(`INSERT INTO raw.providers (provider_id, name, _file_id, _row, _current) VALUES ('P1', 'Träger', 1, 1, true)`);
    await db.run(
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, _file_id, _row, _current)
       VALUES ('M1', 'J1', 'P1', '45_MAT', 90, 1, 1, true)`,
    );
    let row = 0;
    for (const [person, jc, referral, entry, exit] of PARTICIPATIONS) {
      await db.run(
        `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, _file_id, _row, _current)
         VALUES ($pid, $jc, 'M1', $referral::DATE, $entry::DATE, $exit::DATE, 1, $row, true)`,
        { pid: pid(person), jc, referral, entry, exit, row: ++row },
      );
    }
    // a second current copy of a's record key (a bypassed ingest): one duplicated key, 2 copies
    await db.run(
      `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, _file_id, _row, _current)
       VALUES ($pid, 'J1', 'M1', DATE '2024-01-02', DATE '2024-01-16', DATE '2024-03-31', 2, 1, true)`,
      { pid: pid('a') },
    );
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
    for (const month of ['2024-02-01', '2024-05-01', '2024-07-01']) {
      await db.run(
        `INSERT INTO raw.jobcenter_stocks (jobcenter_id, month, elb, unemployed, long_term_recipients, _file_id, _row, _current)
         VALUES ('J1', $month::DATE, 100, 50, 60, 5, 1, true)`,
        { month },
      );
    }
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keys_unique reports each repeated record key in force with its copies', async () => {
    expect(await rows('keys_unique')).toEqual([
      { kind: 'attendance', copies: '3' },
      { kind: 'final_reports', copies: '2' },
      { kind: 'participations', copies: '2' },
    ]);
  });

  it('stocks_missing lists the Jobcenter months with someone active at month end and no stock row', async () => {
    // J1: Jan, Mar (a), Jun, Aug (c); Feb and Jul have stocks, May has stocks but nobody at its end
    expect(await rows('stocks_missing')).toEqual([
      { jobcenter_id: 'J1', month: '2024-01-01' },
      { jobcenter_id: 'J1', month: '2024-03-01' },
      { jobcenter_id: 'J1', month: '2024-06-01' },
      { jobcenter_id: 'J1', month: '2024-08-01' },
      { jobcenter_id: 'J9', month: '2024-04-01' },
    ]);
  });
});
