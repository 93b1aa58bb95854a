/**
 * The checks that references resolve (issue 3: measure → provider/Jobcenter, participation →
 * measure/Jobcenter): each lists exactly the rows planted on a tiny data set, and nothing for
 * the rows that resolve. (Exit reason codes are checked by ingest, which rejects unknown ones.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { failingByJobcenter, jobcentersWithReturns } from '../../pipelines/models/check-jobcenter.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

const AS_OF = '2024-12-31';

describe('reference checks', () => {
  let tiny: TinyDb;
  const rows = async (check: string): Promise<Record<string, unknown>[]> => {
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === check)!.sql;
    return withCheckInputs(tiny.db, project, AS_OF, () => tiny.db.json(`${sql} order by all`));
  };

  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    const measure = (id: string, jobcenter: string, provider: string, row: number) =>
      tiny.db.run(
        `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, _file_id, _row, _current)
         VALUES ($id, $jobcenter, $provider, '45_MAT', 90, 1, $row, true)`,
        { id, jobcenter, provider, row },
      );
    await measure('M2', 'J1', 'P9', 2); // unknown provider
    await measure('M3', 'J9', 'P1', 3); // unknown Jobcenter
    await tiny.file(1, 'measures', 'massnahmen.csv');
    await tiny.file(2, 'participations', 'teilnahmen.csv');
    await tiny.participation('a', 'J1', '2024-01-02', '2024-01-15', '2024-03-31'); // resolves
    await tiny.participation('b', 'J9', '2024-02-01', '2024-02-05', null); // unknown Jobcenter
    await tiny.db.run(
      `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, exit_reason, _file_id, _row, _current)
       VALUES ($c, 'J1', 'M7', DATE '2024-03-01', DATE '2024-03-04', DATE '2024-04-30', '01', 2, 10, true),
              ($d, 'J1', 'M1', DATE '2024-03-01', DATE '2024-03-04', DATE '2024-04-30', '03', 2, 11, true)`,
      { c: pid('c'), d: pid('d') },
    );
  });
  afterAll(() => tiny?.close());

  it('measure_refs_resolve lists measures naming an unknown provider or Jobcenter', async () => {
    expect(await rows('measure_refs_resolve')).toEqual([
      // with the file and row of the measures list, as every record-level check names them (an audit)
      { measure_id: 'M2', provider_id: 'P9', jobcenter_id: 'J1', provider_unknown: true, jobcenter_unknown: false, measure_file: 'massnahmen.csv', measure_row: 2 },
      { measure_id: 'M3', provider_id: 'P1', jobcenter_id: 'J9', provider_unknown: false, jobcenter_unknown: true, measure_file: 'massnahmen.csv', measure_row: 3 },
    ]);
  });

  it('participation_refs_resolve lists participations naming an unknown measure or Jobcenter', async () => {
    expect(await rows('participation_refs_resolve')).toEqual(
      [
        // with the input file and row the clerk looks the record up by
        { participant_id: pid('b'), measure_id: 'M1', referral_date: '2024-02-01', jobcenter_id: 'J9', measure_unknown: false, jobcenter_unknown: true, participation_file: 'teilnahmen.csv', participation_row: 2 },
        { participant_id: pid('c'), measure_id: 'M7', referral_date: '2024-03-01', jobcenter_id: 'J1', measure_unknown: true, jobcenter_unknown: false, participation_file: 'teilnahmen.csv', participation_row: 10 },
      ].sort((x, y) => x.participant_id.localeCompare(y.participant_id)),
    );
  });

  it("counts a row whose Jobcenter is not in the Jobcenter list Land-wide (jobcenter_id null): counted for J9 it showed on no return", async () => {
    // M3 names J9, participation b names J9: J9 is not in the list (only J1 is)
    const split = async (check: string) => {
      const project = discoverProject();
      const sql = project.checks.find((c) => c.name === check)!.sql;
      return withCheckInputs(tiny.db, project, AS_OF, () => failingByJobcenter(tiny.db, sql));
    };
    expect(await split('measure_refs_resolve')).toEqual([
      { jobcenter_id: 'J1', failing: 1 },
      { jobcenter_id: null, failing: 1 },
    ]);
    expect(await split('participation_refs_resolve')).toEqual([
      { jobcenter_id: 'J1', failing: 1 },
      { jobcenter_id: null, failing: 1 },
    ]);
  });

  it('has no check for exit reason codes outside the table: ingest and federation import reject them', () => {
    // exit_reason_unknown could never find a row (every path into raw.participations rejects
    // "unknown exit reason code (01-12)": test/ingest/rejects.test.ts, test/hardening/federation.test.ts),
    // yet every return listed it with 0 and "als leer behandelt", as if such codes loaded.
    expect(discoverProject().checks.map((c) => c.name)).not.toContain('exit_reason_unknown');
  });
});

describe('reference checks of a Jobcenter missing from the list that holds measures of its own', () => {
  let tiny: TinyDb;
  afterAll(() => tiny?.close());

  it("counts its rows for it: it gets a return (its measures' participations are mostly its own), which showed 0 for its own findings", async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    await tiny.db.run(
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, _file_id, _row, _current)
       VALUES ('M8', 'J8', 'P1', '45_MAT', 90, 1, 2, true)`,
    );
    await tiny.db.run(
      `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, _file_id, _row, _current)
       VALUES ($x, 'J8', 'M8', DATE '2024-03-01', DATE '2024-03-04', 2, 1, true), ($y, 'J8', 'M8', DATE '2024-03-01', DATE '2024-03-05', 2, 2, true)`,
      { x: pid('x'), y: pid('y') },
    );
    const project = discoverProject();
    const split = (check: string) =>
      withCheckInputs(tiny.db, project, AS_OF, async () => {
        expect(await jobcentersWithReturns(tiny.db)).toEqual(['J1', 'J8']);
        return failingByJobcenter(tiny.db, project.checks.find((c) => c.name === check)!.sql);
      });
    expect(await split('measure_refs_resolve')).toEqual([{ jobcenter_id: 'J8', failing: 1 }]);
    expect(await split('participation_refs_resolve')).toEqual([{ jobcenter_id: 'J8', failing: 2 }]);
  });
});
