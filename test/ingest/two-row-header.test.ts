/**
 * Hand-made templates draw a header over two rows: a group cell merged over its sub-columns
 * ('Fehltage' above 'E', 'UE', 'K'), the other header cells merged down over both rows. Read
 * as one row, the sub-columns had no name: their values were dropped without a word.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withSubHeader } from '../../pipelines/ingest/header-mapping.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('header over two rows', () => {
  it('reads sub-columns under a merged group cell with their group', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Berichte');
    sheet.addRow(['Abschlussberichte Träger T-1 – Juli 2024']);
    sheet.addRow(['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Ergebnis', 'Fehltage', null, null]);
    sheet.addRow([null, null, null, null, null, 'E', 'UE', 'K']);
    for (const column of ['A', 'B', 'C', 'D', 'E']) sheet.mergeCells(`${column}2:${column}3`);
    sheet.mergeCells('F2:H2');
    sheet.addRow(['T-1', 'M-1', '962D990001', '01.07.2024', 'completed', 2, 1, 4]);
    sheet.addRow(['T-1', 'M-1', '962D990002', '02.07.2024', 'dropout', 0, 5, 0]);
    const path = join(store.dir, 'abschlussberichte_vorlage.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 2, rowsLoaded: 2, extraColumns: [] });
    expect(await store.db.json('SELECT _row, outcome, absence_excused, absence_unexcused, absence_sick FROM raw.final_reports ORDER BY _row')).toEqual([
      { _row: 4, outcome: 'completed', absence_excused: 2, absence_unexcused: 1, absence_sick: 4 },
      { _row: 5, outcome: 'dropout', absence_excused: 0, absence_unexcused: 5, absence_sick: 0 },
    ]);
    expect(await store.db.json('SELECT dialect FROM meta.files')).toEqual([{ dialect: "sheet 'Berichte', header in rows 2-3" }]);
  });

  it('the same template saved as CSV reads the same way', async () => {
    const path = join(store.dir, 'abschlussberichte_vorlage.csv');
    const lines = [
      'Abschlussberichte Träger T-1 – Juli 2024;;;;;;;',
      'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Ergebnis;Fehltage;;',
      ';;;;;E;UE;K',
      'T-1;M-1;962D990001;01.07.2024;completed;2;1;4',
      'T-1;M-1;962D990002;02.07.2024;dropout;0;5;0',
    ];
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 2, rowsLoaded: 2, extraColumns: [] });
    expect(await store.db.json('SELECT _row, absence_excused, absence_unexcused, absence_sick FROM raw.final_reports ORDER BY _row')).toEqual([
      { _row: 4, absence_excused: 2, absence_unexcused: 1, absence_sick: 4 },
      { _row: 5, absence_excused: 0, absence_unexcused: 5, absence_sick: 0 },
    ]);
  });

  it('a data row right below the header is no sub-header', () => {
    const header = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Fehltage'];
    expect(withSubHeader('final_reports', header, ['T-1', 'M-1', '962D990003', '01.07.2024', 'E'])).toBeUndefined();
    expect(withSubHeader('final_reports', header, ['', '', '', '', 'E'])).toEqual([...header.slice(0, 4), 'Fehltage E']);
    // a sub-cell that names a column alone keeps its own name ('Soll-Tage' under 'Tage')
    expect(withSubHeader('final_reports', [...header.slice(0, 4), 'Tage', ''], ['', '', '', '', 'Soll-Tage', 'Ist-Tage'])).toEqual([...header.slice(0, 4), 'Soll-Tage', 'Ist-Tage']);
  });
});
