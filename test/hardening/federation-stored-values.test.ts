/**
 * An import reads an export's values as the instance stored them. The ingest's marks of a
 * sender's file (a leading apostrophe, NULL for empty) were taken off a second time: an
 * instance holding the measures '06411-0001 (loaded before the apostrophe rule, or from
 * ''06411-0001) and 06411-0001 gave the state one key with two current records, the measure
 * and its cost counted twice (a review).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { stageAndCheck, stagedTable } from '../../pipelines/federation/import-values.ts';
import { openStore } from '../ingest/helpers.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A measures Parquet file of these ids, as an export writes it. */
async function measuresFile(db: Db, file: string, ids: string[]): Promise<void> {
  const rows = ids.map((id) => `(${`'${id.replace(/'/g, "''")}'`}, '06411', '001001', '45_MAT', 'Aktiv', 'state', DATE '2024-01-01', DATE '2024-12-31', 12, 180, 73439.44, 'low')`);
  await db.run(
    `COPY (SELECT * FROM (VALUES ${rows.join(', ')})
       AS t(measure_id, jobcenter_id, provider_id, instrument, title, funding, contract_start, contract_end, places, planned_duration_days, cost_total_eur, cooperation_level))
       TO '${file}' (FORMAT parquet)`,
  );
}

describe('an export read at the import', () => {
  it('keeps ids as the instance stored them, a leading apostrophe included, and checks them as a sender\'s file is checked', async () => {
    const store = await openStore();
    cleanup = store.close;
    const { db, dir } = store;
    const key = Buffer.from('k'.repeat(32));
    const stored = join(dir, 'measures.parquet');
    await measuresFile(db, stored, ["'06411-0001", '06411-0001']);
    expect(await stageAndCheck(db, 'measures', stored, key)).toEqual([]);
    expect(await db.json(`SELECT measure_id FROM ${stagedTable('measures')} ORDER BY measure_id`)).toEqual([{ measure_id: "'06411-0001" }, { measure_id: '06411-0001' }]);
    // a crafted export: an apostrophe in front took a Kundennummer and '*' past the id checks (a review)
    const crafted = join(dir, 'crafted.parquet');
    await measuresFile(db, crafted, ["'987B654321", "'*", 'NULL']);
    const refused = (await stageAndCheck(db, 'measures', crafted, key)).join('\n');
    expect(refused).toContain('a Kundennummer (a participant id)');
    expect(refused).toContain("'*' is not a measure_id");
    expect(refused).toContain('required value is empty');
  });
});
