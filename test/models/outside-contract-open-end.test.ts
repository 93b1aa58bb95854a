/**
 * participation_outside_contract with a measure listed twice where one contract row has no end
 * date (contract_end is optional): the check over every contract row took the open-ended row
 * for one covering nothing and listed a participation inside it (a review). A single contract
 * row with an open end never flags a participation after its start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

describe('participation_outside_contract, measure listed twice, one contract open-ended', () => {
  let tiny: TinyDb;
  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    // first contract: from 2025-01-01, no end recorded
    await tiny.db.run("UPDATE raw.measures SET contract_start = DATE '2025-01-01', contract_end = NULL WHERE measure_id = 'M1'");
    // second row of the same measure (keys_unique flags it): a later lot
    await tiny.db.run(
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, contract_start, contract_end, _file_id, _row, _current)
       VALUES ('M1', 'J1', 'P1', '45_MAT', 90, DATE '2025-07-01', DATE '2025-12-31', 1, 9, true)`,
    );
    // Feb–Mar 2025: inside the open-ended first contract
    await tiny.participation('feb', 'J1', '2025-01-20', '2025-02-02', '2025-03-15');
  });
  afterAll(() => tiny?.close());

  it('does not list a participation inside the open-ended contract', async () => {
    const project = discoverProject();
    const sql = project.checks.find((c) => c.name === 'participation_outside_contract')!.sql;
    const rows = await withCheckInputs(tiny.db, project, '2025-12-31', () => tiny.db.json<{ participant_id: string }>(`SELECT participant_id FROM (${sql})`));
    // same participation with only the open-ended row: not listed (the single-contract behaviour)
    await tiny.db.run("UPDATE raw.measures SET _current = false WHERE measure_id = 'M1' AND _row = 9");
    const single = await withCheckInputs(tiny.db, project, '2025-12-31', () => tiny.db.json<{ participant_id: string }>(`SELECT participant_id FROM (${sql})`));
    expect(single.map((r) => r.participant_id)).toEqual([]);
    expect(rows.map((r) => r.participant_id), 'listed as outside every contract though inside the open-ended one').toEqual([]);
  });
});
