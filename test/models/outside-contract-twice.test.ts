/**
 * participation_outside_contract with a measure listed twice (an edited database; keys_unique
 * flags it): merging the two contracts into one span from the first start to the last end hid
 * a participation in the gap between them (a review of 7a3a718); joining each contract listed
 * it once per contract it lay outside, and one inside the other contract too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { tinyDb, type TinyDb } from '../models/tiny-db.ts';

describe('participation_outside_contract with a measure listed twice', () => {
  let tiny: TinyDb;
  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    await tiny.db.run("UPDATE raw.measures SET contract_start = DATE '2025-01-01', contract_end = DATE '2025-03-31' WHERE measure_id = 'M1'");
    await tiny.db.run(
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, contract_start, contract_end, _file_id, _row, _current)
       VALUES ('M1', 'J1', 'P1', '45_MAT', 90, DATE '2025-07-01', DATE '2025-12-31', 1, 9, true)`,
    );
    // in the gap between the two contracts: outside both
    await tiny.participation('gap', 'J1', '2025-04-20', '2025-05-02', '2025-05-30');
    // inside the first contract, outside the second: covered
    await tiny.participation('feb', 'J1', '2025-01-20', '2025-02-02', '2025-02-28');
  });
  afterAll(() => tiny?.close());

  it('lists once the participation that lies outside every contract of the measure, and not one inside either', async () => {
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === 'participation_outside_contract')!.sql;
    const rows = await withCheckInputs(tiny.db, project, '2025-12-31', () => tiny.db.json<{ participant_id: string }>(`SELECT participant_id FROM (${sql})`));
    expect(rows.map((r) => r.participant_id)).toEqual([pid('gap')]);
  });
});
