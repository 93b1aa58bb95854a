/**
 * A provider re-delivers a corrected final report (same key, new outcome, later report
 * date). Rebuilt at an as-of before the correction reached the Jobcenter, the figures must
 * be those of the first report: "records dated after the as-of date are ignored"
 * (contracts.md) ignores the correction, not the report it replaced. Before the fix the
 * participation had no report at all then: its class fell to the 7-day rule (a dropout with
 * reason `missing`) and it counted as an overdue report.
 * Worked out by hand: entry 01.10.2024, planned end 30.12.2024 (90 days), exit 20.12.2024
 * without exit reason (10 days early: the report's outcome decides).
 * Timeliness: report_on_time_rate counts "exits with a final report dated ≤ 14 days after
 * exit" (indicators.md); a report that arrived in time was such a report, whatever date its
 * later correction bears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Row } from '../../pipelines/db/database.ts';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

// person, file, report date, outcome, current (as ingest leaves them: the later file replaces)
const VERSIONS: [string, number, string, string, boolean][] = [
  ['a', 3, '2025-01-05', 'completed', false], // 16 days after the exit: late
  ['a', 4, '2025-05-10', 'dropout', true],
  ['b', 3, '2024-12-27', 'completed', false], // 7 days after the exit: on time …
  ['b', 4, '2025-05-10', 'completed', true], // … and the correction does not make it late
];

describe('a corrected final report and the as-of date', () => {
  let tiny: TinyDb;
  let db: Db;
  const read = <T extends Row>(asOf: string, sql: string, params?: Record<string, string>): Promise<T[]> =>
    withCheckInputs(db, discoverProject(), asOf, () => db.json<T>(sql, params));
  const classOf = (asOf: string) =>
    read<{ exit_class: string; has_report: boolean; report_date: string | null; overdue: boolean }>(
      asOf,
      `select exit_class, has_report, report_date::VARCHAR as report_date, not has_report and getvariable('as_of') - exit_date > 14 as overdue
       from core.participations where participant_id = $pid`,
      { pid: pid('a') },
    );

  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    db = tiny.db;
    for (const person of ['a', 'b']) await tiny.participation(person, 'J1', '2024-09-20', '2024-10-01', '2024-12-20');
    for (const [person, file, reportDate, outcome, current] of VERSIONS) {
      await db.run(
        `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, exit_date, outcome, _file_id, _row, _current, _superseded_by)
         VALUES ('P1', 'M1', $pid, $reportDate::DATE, DATE '2024-10-01', DATE '2024-12-20', $outcome, $file, 1, $current, CASE WHEN NOT $current THEN 4 END)`,
        { pid: pid(person), reportDate, outcome, file, current },
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

  it('judges timeliness by the first delivery: a correction does not make an on-time report late', async () => {
    const rows = await read<{ numerator: number; denominator: number }>(
      '2025-06-30',
      `select numerator::INTEGER as numerator, denominator::INTEGER as denominator from core.ind_exits
       where indicator = 'report_on_time_rate' and period_type = 'year' and period_start = DATE '2024-01-01' and breakdown = '*'
         and jobcenter_id = '*' and provider_id = '*' and instrument = '*' and measure_id = '*'`,
    );
    expect(rows).toEqual([{ numerator: 1, denominator: 2 }]);
  });
});
