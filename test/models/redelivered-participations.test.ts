/**
 * A Jobcenter re-delivers its participation extract for 2024: one record is missing
 * (deleted upstream), one has its exit moved into 2025, one has a corrected referral date
 * (part of the record key, so it arrives as a new record beside the old one). The figures
 * follow the contract (a file adds or replaces records by key, never deletes); the checks
 * must say which records the re-delivery left in force that it no longer holds, and which
 * stay is now counted twice. Worked out by hand.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { openStore, pid, type TestStore } from '../ingest/helpers.ts';

const AS_OF = '2025-06-30';
const HEADER = 'participant_id;jobcenter_id;measure_id;referral_date;entry_date;exit_date;exit_reason';
const FIRST = [
  'A1;J1;M1;2024-01-02;2024-01-10;2024-04-09;01',
  'A2;J1;M1;2024-02-01;2024-02-05;2024-03-01;06', // deleted upstream: missing from the re-delivery
  'A3;J1;M1;2024-06-01;2024-06-03;2024-07-10;08', // referral date corrected to 28.05.
  'A4;J1;M1;2024-09-01;2024-09-02;2024-12-01;01', // exit moved to 15.01.2025
  'B1;J2;M2;2024-03-01;2024-03-04;2024-06-02;01', // another Jobcenter, not re-delivered
];
const REDELIVERY = [
  'A1;J1;M1;2024-01-02;2024-01-10;2024-04-09;01',
  'A3;J1;M1;2024-05-28;2024-06-03;2024-07-10;08',
  'A4;J1;M1;2024-09-01;2024-09-02;2025-01-15;01',
];
// a later file of new referrals only: its span lies after the old records, it re-delivers nothing
const NEW_REFERRALS = ['A5;J1;M1;2025-02-03;2025-02-10;;'];

describe('a re-delivered participation extract', () => {
  let store: TestStore;
  const check = async (name: string) => {
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === name)!.sql;
    return withCheckInputs(store.db, project, AS_OF, () => store.db.json(`${sql} order by all`));
  };

  beforeAll(async () => {
    store = await openStore();
    const write = (name: string, lines: string[]) => {
      const path = join(store.dir, name);
      writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
      return path;
    };
    const files: [string, string, string[]][] = [
      ['jobcenters', 'jc.csv', ['J1;Eins', 'J2;Zwei']],
      ['providers', 'pr.csv', ['P1;Träger']],
      ['measures', 'ms.csv', ['M1;J1;P1;45_MAT;90', 'M2;J2;P1;45_MAT;90']],
    ];
    const headers: Record<string, string> = {
      jobcenters: 'jobcenter_id;name',
      providers: 'provider_id;name',
      measures: 'measure_id;jobcenter_id;provider_id;instrument;planned_duration_days',
    };
    for (const [kind, name, lines] of files) {
      const path = join(store.dir, name);
      writeFileSync(path, `${[headers[kind], ...lines].join('\n')}\n`);
      await store.ingest([path], { kind: kind as 'jobcenters' });
    }
    for (const [name, lines] of [
      ['teilnahmen_2024.csv', FIRST],
      ['teilnahmen_2024_neu.csv', REDELIVERY],
      ['teilnahmen_2025-02.csv', NEW_REFERRALS],
    ] as const) {
      await store.ingest([write(name, [...lines])], { kind: 'participations' });
    }
  });
  afterAll(() => store?.close());

  it('names the records the re-delivery no longer holds, and the file they still count from', async () => {
    // A2 (deleted upstream) and A3 under its old referral date (re-delivered under the new one)
    const rows = await check('records_missing_from_redelivery');
    expect(rows.map((r) => [r['jobcenter_id'], r['referral_date'], r['in_file'], r['in_file_row'], r['not_in_file']])).toEqual([
      ['J1', '2024-02-01', 'teilnahmen_2024.csv', 3, 'teilnahmen_2024_neu.csv'],
      ['J1', '2024-06-01', 'teilnahmen_2024.csv', 4, 'teilnahmen_2024_neu.csv'],
    ]);
    expect(String(rows[0]!['participation_key'])).toContain(pid('A2'));
  });

  it('names the stay counted twice after its referral date was corrected', async () => {
    const rows = await check('stay_recorded_twice');
    // each with the input file and row it was loaded from (the clerk cannot reverse the pseudonym)
    expect(rows.map((r) => [r['jobcenter_id'], r['entry_date'], r['referral_date'], r['participation_file'], r['participation_row']])).toEqual([
      ['J1', '2024-06-03', '2024-05-28', 'teilnahmen_2024_neu.csv', 3],
      ['J1', '2024-06-03', '2024-06-01', 'teilnahmen_2024.csv', 4],
    ]);
  });
});
