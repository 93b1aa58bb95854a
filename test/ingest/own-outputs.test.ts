/**
 * `almp ingest out` instead of `almp ingest inbox`: a Jobcenter return's cover row
 * "Jobcenter | jobcenters.csv | 2026-12-03 | 2 | 0" was taken for a header (Jobcenter is an
 * alias of jobcenter_id) and the rows under it loaded as Jobcenters 'Maßnahmen',
 * 'Teilnahmen', 'Träger' and 'Verbleib', in force from then on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openStore, type TestStore } from './helpers.ts';

const RETURN = fileURLToPath(new URL('../../data-samples/expected/returns/jobcenter-controlling-2026-Q3-06411.xlsx', import.meta.url));

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('a workbook almp-monitor wrote', () => {
  it('is refused as an output, and nothing of it is loaded', async () => {
    const [result] = await store.ingest([RETURN]);
    expect(result).toMatchObject({ status: 'error', kind: 'jobcenters', rowsLoaded: 0 });
    expect(result!.error).toMatch(/^jobcenter-controlling-2026-Q3-06411\.xlsx was written by almp-monitor .* an output, not an input file, and nothing of it was loaded\. Load the Jobcenter's and the providers' files/);
    expect(await store.db.scalar('SELECT count(*) FROM raw.jobcenters')).toBe(0);
  });
});
