/**
 * CSV exports meant for Excel. They write ids as ="06411" so that Excel keeps the leading
 * zero: Excel shows 06411, and so must the load. Read as written, the id '="06411"' loaded
 * as a Jobcenter of its own and a date ="01.02.2024" was rejected as not a date. They start
 * with a line 'sep=;' that Excel reads as the separator and does not show: rows are
 * numbered as Excel shows them.
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

describe('CSV written for Excel', () => {
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

  it('a first line sep=; is no row: rejects name the row Excel shows', async () => {
    const path = join(store.dir, 'teilnahmen_sep.csv');
    writeFileSync(path, ['sep=;', 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum', '962D970011;06411;M-1;01.02.2024', '962D970012;06411;M-1;31.02.2024', ''].join('\r\n'));
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT _row FROM raw.participations')).toEqual([{ _row: 2 }]);
    expect(await store.db.json('SELECT "row", "value" FROM meta.rejects')).toEqual([{ row: 3, value: '31.02.2024' }]);
  });
});
