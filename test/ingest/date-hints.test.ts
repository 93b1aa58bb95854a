/**
 * Dates a clerk cannot see the fault in. A date that Excel holds as its serial number (a date column formatted 'Standard', or
 * pasted as values) reaches the file as 45323. It is not read as a date — the cell shows a
 * number — but the reason says which date the number stands for and how to fix the column.
 * A date at 00:00 (a database or SAP export) is the date; another time of day says so, in a CSV and in an XLSX date-time cell.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const REASON =
  'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): Excel’s number for 01.02.2024? format the column as a date (TT.MM.JJJJ) and save again';

describe('date held as an Excel serial number', () => {
  it('is rejected naming the date it stands for, in XLSX and CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum']);
    sheet.addRow(['962D990201', '06411', 'M-1', 45323]);
    const xlsx = join(store.dir, 'teilnahmen_zahl.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const csv = join(store.dir, 'teilnahmen_zahl.csv');
    writeFileSync(csv, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum\n962D990202;06411;M-1;45323\n962D990203;06411;M-1;4532\n');

    await store.ingest([xlsx, csv], { kind: 'participations' });
    expect(await store.db.json('SELECT file_name, "row", "value", reason FROM meta.rejects ORDER BY file_name, "row"')).toEqual([
      { file_name: 'teilnahmen_zahl.csv', row: 2, value: '45323', reason: REASON },
      { file_name: 'teilnahmen_zahl.csv', row: 3, value: '4532', reason: 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100)' },
      { file_name: 'teilnahmen_zahl.xlsx', row: 2, value: '45323', reason: REASON },
    ]);
  });

  it('a date at 00:00 (a database or SAP export) (or midnight UTC) is the date; another time of day is rejected saying so', async () => {
    const path = join(store.dir, 'teilnahmen_zeit.csv');
    writeFileSync(
      path,
      [
        'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt',
        '962D990211;06411;M-1;2024-02-01 00:00:00;01.02.2024 00:00',
        '962D990212;06411;M-1;01.02.2024 00:00:00.000;2024-02-05T00:00:00.000Z',
        '962D990213;06411;M-1;2024-02-01 08:30:00;2024-01-31T23:00:00.000Z',
        '',
      ].join('\n'),
    );
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 2, rowsRejected: 1 });
    expect(await store.db.json('SELECT referral_date::VARCHAR AS referral, entry_date::VARCHAR AS entry FROM raw.participations ORDER BY entry_date')).toEqual([
      { referral: '2024-02-01', entry: '2024-02-01' },
      { referral: '2024-02-01', entry: '2024-02-05' },
    ]);
    const reason = 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): it has a time of day other than 00:00; export the date alone';
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "column"')).toEqual([
      { row: 4, column: 'entry_date', reason },
      { row: 4, column: 'referral_date', reason },
    ]);
  });

  it('an XLSX date cell with a time of day other than 00:00 is rejected as the same text in a CSV is; midnight, to the second, is the date', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt']);
    // a date cell (TT.MM.JJJJ) and a date-time cell at midnight: the date
    sheet.addRow(['962D990231', '06411', 'M-1', new Date(Date.UTC(2025, 1, 1)), new Date(Date.UTC(2025, 1, 3))]);
    // a date-time cell at 12:00, as Excel shows it: 01.02.2025 12:00
    sheet.addRow(['962D990232', '06411', 'M-1', new Date(Date.UTC(2025, 1, 1, 12, 0)), new Date(Date.UTC(2025, 1, 3, 0, 0, 30))]);
    // serials with floating-point noise (a date computed in the sheet): a hair after and 0.4 s before midnight
    sheet.addRow(['962D990233', '06411', 'M-1', 45689.00000000001, 45691 - 0.4 / 86400]);
    sheet.getColumn(4).numFmt = 'dd.mm.yyyy';
    sheet.getColumn(5).numFmt = 'dd.mm.yyyy hh:mm';
    sheet.getCell('D2').numFmt = 'dd.mm.yyyy hh:mm';
    sheet.getCell('D3').numFmt = 'dd.mm.yyyy hh:mm';
    const path = join(store.dir, 'teilnahmen_zeit.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 2, rowsRejected: 1 });
    expect(await store.db.json('SELECT _row AS row, referral_date::VARCHAR AS referral, entry_date::VARCHAR AS entry FROM raw.participations ORDER BY _row')).toEqual([
      { row: 2, referral: '2025-02-01', entry: '2025-02-03' },
      { row: 4, referral: '2025-02-01', entry: '2025-02-03' },
    ]);
    const reason = 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): it has a time of day other than 00:00; export the date alone';
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects ORDER BY "column"')).toEqual([
      { row: 3, column: 'entry_date', value: '2025-02-03 00:00:30', reason },
      { row: 3, column: 'referral_date', value: '2025-02-01 12:00', reason },
    ]);
  });

  it('a date written month/day/year (English-language Excel) is rejected saying so, naming the date where it is certain', async () => {
    const path = join(store.dir, 'teilnahmen_us.csv');
    writeFileSync(path, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\n962D990221;06411;M-1;7/31/2023;9/1/2023\n');
    await store.ingest([path], { kind: 'participations' });
    const us = 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): month/day/year, as an English-language Excel writes it';
    expect(await store.db.json('SELECT "column", reason FROM meta.rejects ORDER BY "column"')).toEqual([
      { column: 'entry_date', reason: `${us}; write the day first (TT.MM.JJJJ) and save again` },
      { column: 'referral_date', reason: `${us} (31.07.2023?); write the day first (TT.MM.JJJJ) and save again` },
    ]);
  });

  it('a date written day/month/year with slashes (a British or French export: 21/10/2024) is not called month/day/year', async () => {
    const path = join(store.dir, 'teilnahmen_uk.csv');
    writeFileSync(path, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\n962D990222;06411;M-1;21/10/2024;31/02/2024\n');
    await store.ingest([path], { kind: 'participations' });
    const uk = 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): day/month/year with slashes, as a British or French Excel writes it';
    expect(await store.db.json('SELECT "column", reason FROM meta.rejects ORDER BY "column"')).toEqual([
      // 31 February is no date either way: no date is named
      { column: 'entry_date', reason: `${uk}; write it with dots (TT.MM.JJJJ) and save again` },
      { column: 'referral_date', reason: `${uk} (21.10.2024?); write it with dots (TT.MM.JJJJ) and save again` },
    ]);
  });
});
