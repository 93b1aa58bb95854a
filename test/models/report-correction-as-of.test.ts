/**
 * A provider re-delivers a corrected final report (same key, new outcome, later report
 * date). Rebuilt at an as-of before the correction reached the Jobcenter, the figures must
 * be those of the first report: "records dated after the as-of date are ignored"
 * (contracts.md) ignores the correction, not the report it replaced. Before the fix the
 * participation had no report at all then: its class fell to the 7-day rule (a dropout with
 * reason `missing`) and it counted as an overdue report.
 * Worked out by hand: entry 01.10.2024, planned end 30.12.2024 (90 days), exit 20.12.2024
 * without exit reason (10 days early: the report's outcome decides).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Row } from '../../pipelines/db/database.ts';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

// file, report date, outcome, current (as ingest leaves them: the later file replaces)
const VERSIONS: [number, string, string, boolean][] = [
  [3, '2025-01-05', 'completed', false],
  [4, '2025-05-10', 'dropout', true],
];

describe('a corrected final report and the as-of date', () => {
  let tiny: TinyDb;
  let db: Db;
  const read = <T extends Row>(asOf: string, sql: string): Promise<T[]> => withCheckInputs(db, discoverProject(), asOf, () => db.json<T>(sql));
  const classOf = (asOf: string) =>
    read<{ exit_class: string; has_report: boolean; report_date: string | null; overdue: boolean }>(
      asOf,
      `select exit_class, has_report, report_date::VARCHAR as report_date, not has_report and getvariable('as_of') - exit_date > 14 as overdue
       from core.participations`,
    );

  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    db = tiny.db;
    await tiny.participation('a', 'J1', '2024-09-20', '2024-10-01', '2024-12-20');
    for (const [file, reportDate, outcome, current] of VERSIONS) {
      await db.run(
        `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, exit_date, outcome, _file_id, _row, _current, _superseded_by)
         VALUES ('P1', 'M1', $pid, $reportDate::DATE, DATE '2024-10-01', DATE '2024-12-20', $outcome, $file, 1, $current, CASE WHEN NOT $current THEN 4 END)`,
        { pid: pid('a'), reportDate, outcome, file, current },
      );
    }
  });
  afterAll(() => tiny?.close());

  it('uses the first report before the correction arrived', async () => {
    expect(await classOf('2025-03-31')).toEqual([{ exit_class: 'completed', has_report: true, report_date: '2025-01-05', overdue: false }]);
  });

  it('uses the correction once it has arrived', async () => {
    expect(await classOf('2025-06-30')).toEqual([{ exit_class: 'dropout', has_report: true, report_date: '2025-05-10', overdue: false }]);
  });

  it('has no report before the first one arrived', async () => {
    expect(await classOf('2025-01-04')).toEqual([{ exit_class: 'dropout', has_report: false, report_date: null, overdue: true }]);
  });
});
