/**
 * A measure's planned duration beyond 10 years (a placeholder such as 999999999 for "open")
 * loaded, and every model build then failed adding it to a date ("Date and time not in
 * timestamp range": exit 1, no dashboards, no returns). It is rejected as a bad value; the
 * measure's other rows and a five-year § 16i measure load (an audit).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => (store = await openStore()));
afterEach(() => store.close());

describe('planned_duration_days', () => {
  it('rejects a duration over 3,653 days with row, column and reason; keeps the good rows', async () => {
    const path = join(store.dir, 'massnahmen.csv');
    writeFileSync(
      path,
      [
        'Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;Vertragsbeginn;Vertragsende;Plätze;Dauer (Tage)',
        'M-1;06411;001001;45_MAT;01.01.2024;31.12.2024;10;98',
        'M-2;06411;001001;16i;01.01.2024;31.12.2028;5;1826',
        'M-3;06411;001001;45_MAT;01.01.2024;31.12.2024;10;120000000',
      ].join('\n'),
    );
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 1 });
    expect(await store.db.json('SELECT measure_id, planned_duration_days AS d FROM raw.measures ORDER BY 1')).toEqual([
      { measure_id: 'M-1', d: 98 },
      { measure_id: 'M-2', d: 1826 },
    ]);
    expect(await store.db.json('SELECT file_name, "row", "column", "value", reason FROM meta.rejects')).toEqual([
      { file_name: 'massnahmen.csv', row: 4, column: 'planned_duration_days', value: '120000000', reason: 'out of range: must be between 1 and 3653' },
    ]);
  });
});
