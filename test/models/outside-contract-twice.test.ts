/**
 * participation_outside_contract with a measure listed twice (an edited database; keys_unique
 * flags it): merging the two contracts into one span from the first start to the last end hid
 * a participation in the gap between them (a review of 7a3a718); joining each contract listed
 * it once per contract it lay outside, and one inside the other contract too. Then, with the
 * first row's end not recorded (contract_end is optional), the check took the open-ended row
 * for one covering nothing and listed a participation inside it (a review). A single contract
 * row with an open end never flags a participation after its start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

let tiny: TinyDb | undefined;
afterEach(() => tiny?.close());

/** M1 as two contract rows: from 2025-01-01 to `firstEnd` (null: not recorded), and 2025-07-01 to 2025-12-31 (_row 9). */
async function measureListedTwice(firstEnd: string | null): Promise<TinyDb> {
  const db = await tinyDb(['J1'], ['P1'], 90);
  await db.db.run("UPDATE raw.measures SET contract_start = DATE '2025-01-01', contract_end = $end::DATE WHERE measure_id = 'M1'", { end: firstEnd });
  await db.db.run(
    `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, contract_start, contract_end, _file_id, _row, _current)
     VALUES ('M1', 'J1', 'P1', '45_MAT', 90, DATE '2025-07-01', DATE '2025-12-31', 1, 9, true)`,
  );
  return db;
}

/** The participants the check lists. */
async function outsideContract(db: TinyDb): Promise<string[]> {
  const project = discoverProject();
  const sql = project.checks.find((c) => c.name === 'participation_outside_contract')!.sql;
  const rows = await withCheckInputs(db.db, project, '2025-12-31', () => db.db.json<{ participant_id: string }>(`SELECT participant_id FROM (${sql})`));
  return rows.map((r) => r.participant_id);
}

describe('participation_outside_contract with a measure listed twice', () => {
  it('lists once the participation that lies outside every contract of the measure, and not one inside either', async () => {
    tiny = await measureListedTwice('2025-03-31');
    // in the gap between the two contracts: outside both
    await tiny.participation('gap', 'J1', '2025-04-20', '2025-05-02', '2025-05-30');
    // inside the first contract, outside the second: covered
    await tiny.participation('feb', 'J1', '2025-01-20', '2025-02-02', '2025-02-28');
    expect(await outsideContract(tiny)).toEqual([pid('gap')]);
  });

  it('does not list a participation inside a contract whose end is not recorded', async () => {
    tiny = await measureListedTwice(null);
    // Feb–Mar 2025: inside the open-ended first contract
    await tiny.participation('feb', 'J1', '2025-01-20', '2025-02-02', '2025-03-15');
    const rows = await outsideContract(tiny);
    // same participation with only the open-ended row: not listed (the single-contract behaviour)
    await tiny.db.run("UPDATE raw.measures SET _current = false WHERE measure_id = 'M1' AND _row = 9");
    expect(await outsideContract(tiny)).toEqual([]);
    expect(rows, 'listed as outside every contract though inside the open-ended one').toEqual([]);
  });
});
