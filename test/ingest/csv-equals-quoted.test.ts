/**
 * Exports meant for Excel write ids as ="06411" so that Excel keeps the leading zero: Excel
 * shows 06411, and so must the load. Read as written, the id '="06411"' loaded as a
 * Jobcenter of its own and a date ="01.02.2024" was rejected as not a date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('CSV values written as ="…"', () => {
  it('read as the text Excel shows: ids keep their zeros, dates and codes read', async () => {
    const path = join(store.dir, 'teilnahmen_fachverfahren.csv');
    writeFileSync(
      path,
      [
        'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Austrittsgrund',
        '962D970001;="06411";="06411-0001";="01.02.2024";="03"',
        '962D970002;06411;06411-0001;01.02.2024;',
        '962D970003;="06411";="06411-0001";="1.2.";',
        '',
      ].join('\r\n'),
    );
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(await store.db.json('SELECT _row, jobcenter_id, measure_id, referral_date, exit_reason FROM raw.participations ORDER BY _row')).toEqual([
      { _row: 2, jobcenter_id: '06411', measure_id: '06411-0001', referral_date: '2024-02-01', exit_reason: '03' },
      { _row: 3, jobcenter_id: '06411', measure_id: '06411-0001', referral_date: '2024-02-01', exit_reason: null },
    ]);
    expect(await store.db.json('SELECT "row", "column", "value" FROM meta.rejects')).toEqual([{ row: 4, column: 'referral_date', value: '1.2.' }]);
  });
});
