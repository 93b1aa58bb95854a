/**
 * Formula cells read as Excel shows them: their stored result, a date when the cell is
 * formatted as one. A formula without a stored result (written by a program that does not
 * calculate) and an error value (#NV, #DIV/0!) have nothing to read: the row is rejected
 * naming the column, never loaded with an empty value or the error's text.
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

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('XLSX formula and error cells', () => {
  it('a formula with a date result in a date-formatted cell reads as that date', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt', 'geplantes Ende', 'Geburtsjahr']);
    // entry two weeks after referral, planned end 90 days after entry: as a template computes them
    sheet.addRow(['962D950001', '06411', 'M-1', d('2024-02-01'), { formula: 'D2+14', result: d('2024-02-15') }, { formula: 'E2+90', result: d('2024-05-15') }, { formula: '2024-39', result: 1985 }]);
    // filled down: Excel stores the formula once and the cells below share it
    sheet.addRow(['962D950002', '06411', 'M-1', d('2024-03-01'), { sharedFormula: 'E2', result: d('2024-03-15') }, { sharedFormula: 'F2', result: d('2024-06-13') }, { sharedFormula: 'G2', result: 1986 }]);
    sheet.getColumn(4).numFmt = 'dd.mm.yyyy';
    sheet.getColumn(5).numFmt = 'dd.mm.yyyy';
    sheet.getColumn(6).numFmt = 'DD.MM.YYYY';
    const path = join(store.dir, 'teilnahmen_formeln.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 0 });
    expect(await store.db.json('SELECT referral_date, entry_date, planned_end, birth_year FROM raw.participations ORDER BY _row')).toEqual([
      { referral_date: '2024-02-01', entry_date: '2024-02-15', planned_end: '2024-05-15', birth_year: 1985 },
      { referral_date: '2024-03-01', entry_date: '2024-03-15', planned_end: '2024-06-13', birth_year: 1986 },
    ]);
  });

  it('a formula without a stored result and an error value reject their rows, naming column and cell', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Maßnahmen');
    sheet.addRow(['Maßnahme-Nr', 'Dienststelle', 'Träger-Nr', 'Förderart', 'Titel', 'Vertragsbeginn', 'Plätze']);
    sheet.addRow(['M-1', '06411', 'T-1', '45_MAT', 'Jobstarter', d('2024-02-01'), 12]);
    // written by a tool that does not calculate: Excel would show 14, the file holds no value
    sheet.addRow(['M-2', '06411', 'T-1', '45_MAT', 'Coaching', d('2024-02-01'), { formula: 'G2+2' }]);
    // a lookup that found nothing: Excel shows #NV
    sheet.addRow(['M-3', '06411', 'T-1', '45_MAT', { formula: 'VLOOKUP(A4,Titel!A:B,2,FALSE)', result: { error: '#N/A' } }, d('2024-02-01'), 12]);
    sheet.addRow(['M-4', '06411', 'T-1', '45_MAT', { error: '#N/A' }, d('2024-02-01'), 12]);
    // a template's empty row: the lookup shows #NV because nothing was typed in it (ignored, not rejected)
    sheet.addRow([null, null, null, null, { formula: 'VLOOKUP(A6,Titel!A:B,2,FALSE)', result: { error: '#N/A' } }, null, null]);
    // the same formula filled down (shared), no stored result either
    sheet.addRow(['M-5', '06411', 'T-1', '45_MAT', 'Coaching', d('2024-02-01'), { sharedFormula: 'G3' }]);
    sheet.getColumn(6).numFmt = 'dd.mm.yyyy';
    const path = join(store.dir, 'massnahmen_formeln.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 5, rowsLoaded: 1, rowsRejected: 4 });
    expect(await store.db.json('SELECT measure_id, title, places FROM raw.measures')).toEqual([{ measure_id: 'M-1', title: 'Jobstarter', places: 12 }]);
    const reasons = (await store.db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "row"')) as { row: number; column: string | null; reason: string }[];
    expect(reasons.map((r) => r.row)).toEqual([3, 4, 5, 7]);
    // the column in its own field, as every other reject has it (it was NULL, named inside the reason)
    expect(reasons.map((r) => r.column)).toEqual(['places', 'title', 'title', 'places']);
    expect(reasons[0]!.reason).toMatch(/^cell G3: a formula without a stored result .*open the file in Excel or LibreOffice, save it/);
    // exceljs keeps no code for a formula's error result
    expect(reasons[1]!.reason).toMatch(/^cell E4: an Excel error \(#NV, #WERT!, #DIV\/0! …\) instead of a value: correct the formula/);
    expect(reasons[2]!.reason).toMatch(/^cell E5: the Excel error #N\/A \(#NV in German Excel\) instead of a value/);
    expect(reasons[3]!.reason).toMatch(/^cell G7: a formula without a stored result/);
    // as the terminal shows it: the column as the contract and as the file name it
    expect(result!.firstReasons[0]).toMatch(/^row 3, places \("Plätze"\): cell G3: a formula without a stored result/);
  });
});
