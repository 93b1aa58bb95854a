/**
 * Hidden sheets are not what a person sees when opening the workbook: an old copy of the
 * data or the lists behind a template's drop-downs. The data sheet is the first visible
 * one whose header names the required columns.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const HEADER = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum'];

describe('XLSX hidden sheets', () => {
  it('a hidden sheet before the visible data sheet is passed over, even with the same header', async () => {
    const workbook = new ExcelJS.Workbook();
    const old = workbook.addWorksheet('Alt', { state: 'hidden' });
    old.addRow(HEADER);
    old.addRow(['962D900001', '06411', 'M-1', '02.01.2023']);
    const data = workbook.addWorksheet('Teilnahmen');
    data.addRow(['Teilnahmen Februar 2024']);
    data.addRow(HEADER);
    for (const id of ['11', '12', '13']) data.addRow([`962D9000${id}`, '06411', 'M-1', '01.02.2024']);
    workbook.addWorksheet('Listen', { state: 'veryHidden' }).addRow(HEADER);
    const path = join(store.dir, 'teilnahmen_februar.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 3, rowsLoaded: 3 });
    expect(await store.db.json('SELECT _row, referral_date FROM raw.participations ORDER BY _row')).toEqual([
      { _row: 3, referral_date: '2024-02-01' },
      { _row: 4, referral_date: '2024-02-01' },
      { _row: 5, referral_date: '2024-02-01' },
    ]);
    expect(await store.db.json('SELECT dialect FROM meta.files')).toEqual([{ dialect: "sheet 'Teilnahmen', header in row 2 (hidden sheet 'Alt' passed over)" }]);
  });

  it('a workbook whose only data sheet is hidden is refused with the sheet named and what to do', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Deckblatt').addRow(['Teilnahmen Februar 2024']);
    const data = workbook.addWorksheet('Daten', { state: 'hidden' });
    data.addRow(HEADER);
    data.addRow(['962D900021', '06411', 'M-1', '01.02.2024']);
    const path = join(store.dir, 'teilnahmen_versteckt.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'error', rowsLoaded: 0 });
    expect(result!.error).toContain("Sheet 'Daten' holds the columns but is hidden");
    expect(result!.error).toContain('unhide');
    expect(await store.db.scalar('SELECT count(*) FROM raw.participations')).toBe(0);
  });
});
