/**
 * A provider re-delivers a final report with a corrected entry date. The entry date is part
 * of the report's key, so the correction does not replace the first report at ingest; the
 * first report matches no participation and would go on counting in the goal indicators
 * beside its correction. The rule (docs/readings.md): an unmatched report is replaced by a
 * report of the same provider, measure and person from a later file whose stay overlaps it.
 * Worked out by hand on a tiny data set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Row } from '../../pipelines/db/database.ts';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

const AS_OF = '2024-12-31';

// person, referral, entry, exit (measure M1 of J1 and provider P1)
const PARTICIPATIONS: [string, string, string, string][] = [
  ['a', '2024-01-02', '2024-01-10', '2024-02-10'],
  ['b', '2024-04-02', '2024-05-02', '2024-06-28'],
  ['c', '2024-01-02', '2024-01-10', '2024-02-10'],
  ['d', '2024-01-02', '2024-01-10', '2024-02-10'],
];

// file, person, entry, exit, goal status — every report has one goal
const REPORTS: [number, string, string | null, string, string][] = [
  [3, 'a', '2024-01-11', '2024-02-10', 'achieved'], // typo in the entry date …
  [4, 'a', '2024-01-10', '2024-02-10', 'achieved'], // … corrected by the next delivery: replaces it
  [3, 'b', '2024-01-10', '2024-02-10', 'achieved'], // an earlier stay the Jobcenter data lack: no overlap, kept
  [4, 'b', '2024-05-02', '2024-06-28', 'partial'],
  [3, 'c', '2024-01-10', '2024-02-10', 'achieved'], // matched first …
  [4, 'c', '2024-01-12', '2024-02-10', 'not_achieved'], // … a later wrong date replaces nothing, is itself unmatched
  [3, 'd', null, '2024-02-10', 'open'], // no entry date: the stay is its exit day …
  [5, 'd', '2024-01-10', '2024-02-10', 'achieved'], // … covered by the later report: replaced
];

describe('final report re-delivered with a corrected entry date', () => {
  let tiny: TinyDb;
  let db: Db;
  const read = <T extends Row>(sql: string): Promise<T[]> => withCheckInputs(db, discoverProject(), AS_OF, () => db.json<T>(sql));

  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 30);
    db = tiny.db;
    for (const [person, referral, entry, exit] of PARTICIPATIONS) await tiny.participation(person, 'J1', referral, entry, exit);
    let row = 0;
    for (const [file, person, entry, exit, status] of REPORTS) {
      await db.run(
        `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, exit_date, outcome, goals, _file_id, _row, _current)
         VALUES ('P1', 'M1', $pid, $exit::DATE + 5, $entry::DATE, $exit::DATE, 'completed', [{'code': 'skills', 'status': $status}], $file, $row, true)`,
        { pid: pid(person), entry, exit, status, file, row: ++row },
      );
    }
  });
  afterAll(() => tiny?.close());

  it('keeps the correction and drops the unmatched report of the same stay', async () => {
    const rows = await read<{ person: string; entry: string | null; matched: boolean }>(
      `select participant_id as person, entry_date::VARCHAR as entry, is_matched as matched from core.final_reports order by all`,
    );
    const of = (p: string) => rows.filter((r) => r.person === pid(p)).map(({ entry, matched }) => [entry, matched]);
    expect(of('a')).toEqual([['2024-01-10', true]]);
    expect(of('b')).toEqual([
      ['2024-01-10', false],
      ['2024-05-02', true],
    ]);
    expect(of('c')).toEqual([
      ['2024-01-10', true],
      ['2024-01-12', false],
    ]);
    expect(of('d')).toEqual([['2024-01-10', true]]);
  });

  it('counts the corrected stay once in the goal indicators and the unmatched check', async () => {
    // reports in force: a (achieved), b ×2 (achieved, partial), c ×2 (achieved, not_achieved), d (achieved)
    const [goals] = await read<{ agreed: number; achieved: number }>(
      `select denominator as agreed, numerator as achieved from core.ind_reports
       where indicator = 'goal_achievement_rate' and breakdown = '*' and period_type = 'year' and jobcenter_id = '*'
         and provider_id = '*' and instrument = '*' and measure_id = '*'`,
    );
    expect(goals).toEqual({ agreed: 6, achieved: 4 });
    const unmatched = await read<{ n: number }>(`select count(*)::INTEGER as n from core.final_reports where not is_matched`);
    expect(unmatched).toEqual([{ n: 2 }]);
  });
});
