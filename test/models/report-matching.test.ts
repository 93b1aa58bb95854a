/**
 * Matching final reports and participations when a key repeats (contracts.md: same
 * pseudonym, measure_id and entry_date): several providers reporting on one participation
 * (the measure's own provider wins, else the latest report), and several referrals with the
 * same entry (a report belongs to the latest referral). Worked out by hand on a tiny data set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Row } from '../../pipelines/db/database.ts';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

const AS_OF = '2024-12-31';

// person, jobcenter, referral, entry, exit (measure M1 of J1 and provider P1; no exit reason)
const PARTICIPATIONS: [string, string, string, string, string | null][] = [
  ['x', 'J1', '2024-01-02', '2024-01-10', '2024-02-10'],
  ['y', 'J1', '2024-01-02', '2024-01-10', '2024-02-10'],
  ['z', 'J1', '2024-01-02', '2024-01-10', '2024-02-10'],
  ['w', 'J1', '2024-01-02', '2024-03-01', null],
  ['w', 'J2', '2024-01-05', '2024-03-01', '2024-04-30'], // the later referral with the same entry
];

// provider, person, report date, entry, outcome
const REPORTS: [string, string, string, string, string][] = [
  ['P1', 'x', '2024-02-15', '2024-01-10', 'completed'], // the measure's own provider: chosen
  ['P2', 'x', '2024-03-01', '2024-01-10', 'dropout'], // later, but another provider
  ['P2', 'y', '2024-02-20', '2024-01-10', 'dropout'],
  ['P3', 'y', '2024-02-25', '2024-01-10', 'completed'], // neither is the own provider: the latest
  ['P1', 'z', '2024-02-12', '2024-01-10', 'dropout'],
  ['P1', 'w', '2024-05-02', '2024-03-01', 'completed'],
];

describe('report matching with repeated keys', () => {
  let tiny: TinyDb;
  let db: Db;
  const read = <T extends Row>(sql: string): Promise<T[]> => withCheckInputs(db, discoverProject(), AS_OF, () => db.json<T>(sql));

  beforeAll(async () => {
    tiny = await tinyDb(['J1', 'J2'], ['P1', 'P2', 'P3'], 30);
    db = tiny.db;
    for (const p of PARTICIPATIONS) await tiny.participation(...p);
    let row = 0;
    for (const [provider, person, reportDate, entry, outcome] of REPORTS) {
      await db.run(
        `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, outcome, dropout_reasons, _file_id, _row, _current)
         VALUES ($provider, 'M1', $pid, $reportDate::DATE, $entry::DATE, $outcome, ['motivation'], 3, $row, true)`,
        { provider, pid: pid(person), reportDate, entry, outcome, row: ++row },
      );
    }
  });
  afterAll(() => tiny?.close());

  it('gives each participation the report of the own provider, else the latest one', async () => {
    const rows = await read<{ person: string; jc: string; provider: string | null; outcome: string | null; cls: string | null }>(
      `select participant_id as person, jobcenter_id as jc, report_provider_id as provider, report_outcome as outcome, exit_class as cls
       from core.participations order by all`,
    );
    const byPerson = (p: string) => rows.filter((r) => r.person === pid(p)).map(({ person: _, ...rest }) => rest);
    // no exit reason: the provider outcome classes the exit
    expect(byPerson('x')).toEqual([{ jc: 'J1', provider: 'P1', outcome: 'completed', cls: 'completed' }]);
    expect(byPerson('y')).toEqual([{ jc: 'J1', provider: 'P3', outcome: 'completed', cls: 'completed' }]);
    expect(byPerson('z')).toEqual([{ jc: 'J1', provider: 'P1', outcome: 'dropout', cls: 'dropout' }]);
    // both referrals of w entered on 01.03.: the report is matched to each of them
    expect(byPerson('w')).toEqual([
      { jc: 'J1', provider: 'P1', outcome: 'completed', cls: null },
      { jc: 'J2', provider: 'P1', outcome: 'completed', cls: 'completed' },
    ]);
  });

  it('gives each report the participation with the latest referral', async () => {
    const rows = await read<{ person: string; provider: string; matched: boolean; jc: string; exit: string | null; cls: string | null }>(
      `select participant_id as person, provider_id as provider, is_matched as matched, jobcenter_id as jc,
         jobcenter_exit_date as exit, exit_class as cls
       from core.final_reports order by all`,
    );
    expect(rows).toHaveLength(REPORTS.length);
    const w = rows.filter((r) => r.person === pid('w'));
    // w's later referral (J2) exited on 30.04.; the earlier one is still active
    expect(w).toEqual([{ person: pid('w'), provider: 'P1', matched: true, jc: 'J2', exit: '2024-04-30', cls: 'completed' }]);
    // x's second report (P2) still matches the participation; its class is the Jobcenter's
    expect(rows.filter((r) => r.person === pid('x')).map((r) => [r.provider, r.cls])).toEqual([
      ['P1', 'completed'],
      ['P2', 'completed'],
    ]);
  });
});
