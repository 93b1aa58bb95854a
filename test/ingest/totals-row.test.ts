/**
 * A provider's sheet often ends in a totals row: 'Summe' in the first column, the other id
 * cells empty, the day counts summed past 31. The row is refused as a totals row (see
 * ids-not-ids.test.ts); its other "errors" are the totals' own shape and only hid that reason
 * behind five others about empty cells and ranges.
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

describe('totals row', () => {
  it('is rejected with the one reason that it is a totals row', async () => {
    const path = join(store.dir, 'fehlzeiten_januar.csv');
    const lines = [
      'Träger-Nr;Maßnahme-Nr;Kundennummer;Monat;Soll-Tage;Anwesend;E;UE;K',
      '001001;06411-0001;962D990101;2024-01;20;17;1;1;1',
      '001001;06411-0001;962D990102;2024-01;20;20;0;0;0',
      'Summe;;;;40;37;1;1;1',
    ];
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const [result] = await store.ingest([path], { kind: 'attendance' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 1 });
    expect(result!.firstReasons).toEqual([`row 4, provider_id ("Träger-Nr") 'Summe': a totals row, not a provider_id: totals are computed here, delete the row`]);
  });

  it('German Excel pivot tables label totals "Gesamtergebnis" and subtotals "06411 Ergebnis"', async () => {
    const path = join(store.dir, 'bestand_pivot.csv');
    const lines = [
      'Dienststelle;Monat;ELB;Arbeitslose;LZB',
      '06411;2024-01;12000;4000;8000',
      '06411;2024-02;12100;4100;8100',
      '06411 Ergebnis;;24100;8100;16100',
      'Gesamtergebnis;;24100;8100;16100',
    ];
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const jobcenters = join(store.dir, 'dienststellen.csv');
    // a reference list's pivot total has nothing else to be rejected for
    writeFileSync(jobcenters, 'Dienststelle;Bezeichnung\r\n06411;Jobcenter Darmstadt\r\nGesamtergebnis;\r\n');
    const [stocks, reference] = await store.ingest([path, jobcenters]);
    expect(stocks).toMatchObject({ rowsLoaded: 2, rowsRejected: 2 });
    expect(stocks!.firstReasons).toEqual([
      `row 4, jobcenter_id ("Dienststelle") '06411 Ergebnis': a totals row, not a jobcenter_id: totals are computed here, delete the row`,
      `row 5, jobcenter_id ("Dienststelle") 'Gesamtergebnis': a totals row, not a jobcenter_id: totals are computed here, delete the row`,
    ]);
    expect(reference).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT jobcenter_id FROM raw.jobcenters')).toEqual([{ jobcenter_id: '06411' }]);
  });

  it("a ministry's consolidated file labels its totals after the state or with a sum sign", async () => {
    const path = join(store.dir, 'eckwerte_land.csv');
    const lines = ['Dienststelle;Monat;ELB;Arbeitslose;LZB', '06411;2024-01;115;55;72', 'Hessen insgesamt;2024-01;213;95;133', 'Land gesamt;2024-01;213;95;133', 'Σ;2024-01;213;95;133', 'Regionalsumme;2024-01;213;95;133'];
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const [stocks] = await store.ingest([path], { kind: 'jobcenter_stocks' });
    // 'Regionalsumme' is not a totals label of the list: it loads (and is no known Jobcenter: check stock_refs_resolve)
    expect(stocks).toMatchObject({ rowsLoaded: 2, rowsRejected: 3 });
    expect(await store.db.json('SELECT "row", "value" FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 3, value: 'Hessen insgesamt' },
      { row: 4, value: 'Land gesamt' },
      { row: 5, value: 'Σ' },
    ]);
    expect(await store.db.json(`SELECT DISTINCT reason FROM meta.rejects`)).toEqual([{ reason: 'a totals row, not a jobcenter_id: totals are computed here, delete the row' }]);
  });
});
