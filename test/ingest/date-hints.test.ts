/**
 * Dates a clerk cannot see the fault in. A date that Excel holds as its serial number (a date column formatted 'Standard', or
 * pasted as values) reaches the file as 45323. It is not read as a date — the cell shows a
 * number — but the reason says which date the number stands for and how to fix the column.
 * A date at 00:00 (a database or SAP export) is the date; another time of day says so, in a CSV and in an XLSX date-time cell.
 * A date with slashes is never read (the order cannot be told from the file); the reason names the
 * date it would be where only one order gives one, both where both do (01/02/2025), and what to send.
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
        // a portal's midnight with the German offset is that day (it was 'a time other than 00:00')
        '962D990214;06411;M-1;2024-03-01T00:00:00+01:00;2024-04-02T00:00:00+02:00',
        '962D990215;06411;M-1;2024-03-01T00:00:00-05:00;2024-04-02',
        // UTC as an offset, an offset in hours (ISO 8601): the same midnights (they were 'a time other than 00:00')
        '962D990216;06411;M-1;2024-05-01T00:00:00+00:00;2024-05-02 00:00:00+01',
        '',
      ].join('\n'),
    );
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 4, rowsRejected: 2 });
    expect(await store.db.json('SELECT referral_date::VARCHAR AS referral, entry_date::VARCHAR AS entry FROM raw.participations ORDER BY entry_date')).toEqual([
      { referral: '2024-02-01', entry: '2024-02-01' },
      { referral: '2024-02-01', entry: '2024-02-05' },
      { referral: '2024-03-01', entry: '2024-04-02' },
      { referral: '2024-05-01', entry: '2024-05-02' },
    ]);
    const reason = 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): it has a time of day other than 00:00; export the date alone';
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "row", "column"')).toEqual([
      // 23:00 UTC is the next day's midnight in German time: said so
      { row: 4, column: 'entry_date', reason: 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): a time in UTC (Z) that is midnight of the next day in German time — the date meant is probably that day; export the date alone' },
      { row: 4, column: 'referral_date', reason },
      // another zone's midnight is a time of day in Germany, said so
      { row: 6, column: 'referral_date', reason: 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): midnight in another time zone, which is a time of day in German time; export the date alone' },
    ]);
  });

  it('an XLSX date cell with a time of day other than 00:00 is rejected as the same text in a CSV is, end of day too; midnight, to floating-point noise, is the date', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt']);
    // a date cell (TT.MM.JJJJ) and a date-time cell at midnight: the date
    sheet.addRow(['962D990231', '06411', 'M-1', new Date(Date.UTC(2025, 1, 1)), new Date(Date.UTC(2025, 1, 3))]);
    // a date-time cell at 12:00, as Excel shows it: 01.02.2025 12:00
    sheet.addRow(['962D990232', '06411', 'M-1', new Date(Date.UTC(2025, 1, 1, 12, 0)), new Date(Date.UTC(2025, 1, 3, 0, 0, 30))]);
    // serials with floating-point noise (a date computed in the sheet): a hair after and before midnight
    sheet.addRow(['962D990233', '06411', 'M-1', 45689.00000000001, 45691 - 1e-10]);
    // end of day (a 'valid until' export; SQL Server's 23:59:59.997), which Excel shows as the day: not the next day
    sheet.addRow(['962D990234', '06411', 'M-1', new Date(Date.UTC(2024, 11, 31, 23, 59, 59)), new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 997))]);
    sheet.getColumn(4).numFmt = 'dd.mm.yyyy';
    sheet.getColumn(5).numFmt = 'dd.mm.yyyy hh:mm';
    sheet.getCell('D2').numFmt = 'dd.mm.yyyy hh:mm';
    sheet.getCell('D3').numFmt = 'dd.mm.yyyy hh:mm';
    const path = join(store.dir, 'teilnahmen_zeit.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 2, rowsRejected: 2 });
    expect(await store.db.json('SELECT _row AS row, referral_date::VARCHAR AS referral, entry_date::VARCHAR AS entry FROM raw.participations ORDER BY _row')).toEqual([
      { row: 2, referral: '2025-02-01', entry: '2025-02-03' },
      { row: 4, referral: '2025-02-01', entry: '2025-02-03' },
    ]);
    const reason = 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100): it has a time of day other than 00:00; export the date alone';
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects ORDER BY "column"')).toEqual([
      { row: 3, column: 'entry_date', value: '2025-02-03 00:00:30', reason },
      { row: 5, column: 'entry_date', value: '2024-12-31 23:59:59', reason },
      { row: 3, column: 'referral_date', value: '2025-02-01 12:00', reason },
      { row: 5, column: 'referral_date', value: '2024-12-31 23:59:59', reason },
    ]);
  });

  const DATE = 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100)';
  const SEND = '; write it as DD.MM.YYYY or YYYY-MM-DD and save again';

  it('a date with slashes that reads as a date both ways (01/02/2025: 1 February or 2 January?) is rejected as ambiguous, naming both readings, in CSV and XLSX text', async () => {
    const path = join(store.dir, 'teilnahmen_schraeg.csv');
    writeFileSync(path, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\n962D990221;06411;M-1;01/02/2025;9/1/2023\n962D990222;06411;M-1;05/05/2025;\n');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Teilnahmen').addRows([['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum'], ['962D990223', '06411', 'M-1', '01/02/2025']]);
    const xlsx = join(store.dir, 'teilnahmen_schraeg.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const results = await store.ingest([path, xlsx], { kind: 'participations' });
    expect(results.map((r) => r.rowsLoaded)).toEqual([0, 0]);
    const ambiguous = (dayFirst: string, monthFirst: string) =>
      `${DATE}: ambiguous with slashes — day/month/year (a British or French Excel) gives ${dayFirst}, month/day/year (an English-language Excel) ${monthFirst}${SEND}`;
    expect(await store.db.json('SELECT file_name, "row", "column", "value", reason FROM meta.rejects ORDER BY file_name, "row", "column"')).toEqual([
      { file_name: 'teilnahmen_schraeg.csv', row: 2, column: 'entry_date', value: '9/1/2023', reason: ambiguous('09.01.2023', '01.09.2023') },
      { file_name: 'teilnahmen_schraeg.csv', row: 2, column: 'referral_date', value: '01/02/2025', reason: ambiguous('01.02.2025', '02.01.2025') },
      // the same date either way: still not read, but nothing to choose between
      { file_name: 'teilnahmen_schraeg.csv', row: 3, column: 'referral_date', value: '05/05/2025', reason: `${DATE}: written with slashes (05.05.2025?)${SEND}` },
      { file_name: 'teilnahmen_schraeg.xlsx', row: 2, column: 'referral_date', value: '01/02/2025', reason: ambiguous('01.02.2025', '02.01.2025') },
    ]);
  });

  it('a date written month/day/year (English-language Excel: 7/31/2023) is rejected saying so and naming the date', async () => {
    const path = join(store.dir, 'teilnahmen_us.csv');
    writeFileSync(path, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\n962D990221;06411;M-1;7/31/2023;02/13/2025\n');
    await store.ingest([path], { kind: 'participations' });
    const us = `${DATE}: month/day/year, as an English-language Excel writes it`;
    expect(await store.db.json('SELECT "column", reason FROM meta.rejects ORDER BY "column"')).toEqual([
      { column: 'entry_date', reason: `${us} (13.02.2025?)${SEND}` },
      { column: 'referral_date', reason: `${us} (31.07.2023?)${SEND}` },
    ]);
  });

  it('a date written day/month/year with slashes (a British or French export: 21/10/2024) is not called month/day/year; one that is no date either way says so', async () => {
    const path = join(store.dir, 'teilnahmen_uk.csv');
    writeFileSync(path, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt;Austritt\n962D990222;06411;M-1;21/10/2024;31/02/2024;13/13/2024\n');
    await store.ingest([path], { kind: 'participations' });
    const none = `${DATE}: with slashes, and no date either as day/month/year or as month/day/year${SEND}`;
    expect(await store.db.json('SELECT "column", reason FROM meta.rejects ORDER BY "column"')).toEqual([
      // 31 February and month 13 are no date either way: none is named
      { column: 'entry_date', reason: none },
      { column: 'exit_date', reason: none },
      { column: 'referral_date', reason: `${DATE}: day/month/year with slashes, as a British or French Excel writes it (21.10.2024?)${SEND}` },
    ]);
  });

  it("SAP's 00.00.0000 (no date) and 31.12.9999 (open end) are an empty cell: an exit date of either is no exit yet (they were rejected as 'not a date')", async () => {
    const path = join(store.dir, 'teilnahmen_sap.csv');
    writeFileSync(path, [
      'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;geplanter Beginn;Eintritt;geplantes Ende;Austritt',
      '962D990231;06411;M-1;01.02.2025;00.00.0000;03.02.2025;31.12.9999;00.00.0000',
      '962D990232;06411;M-1;01.02.2025;0000-00-00;03.02.2025;2025-06-30;9999-12-31',
      '962D990233;06411;M-1;00.00.0000;;03.02.2025;;',
      // a padded list export, and a database's date-time of it
      '962D990234;06411;M-1;01.02.2025;00.00.0000 ;03.02.2025; 31.12.9999;00.00.0000 00:00:00',
      '',
    ].join('\n'));
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 3, rowsRejected: 1 });
    expect(await store.db.json('SELECT planned_start, planned_end::VARCHAR AS planned_end, exit_date FROM raw.participations ORDER BY _row')).toEqual([
      { planned_start: null, planned_end: null, exit_date: null },
      { planned_start: null, planned_end: '2025-06-30', exit_date: null },
      { planned_start: null, planned_end: null, exit_date: null },
    ]);
    // a required date written 00.00.0000 is missing, and said so
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects')).toEqual([{ row: 4, column: 'referral_date', reason: 'required value is empty' }]);
  });
});

describe('a date outside the years 1900-2100', () => {
  it('is rejected as no date, with the reasons of a date that reads as none (a year 1850 or 2150 is a typing error)', async () => {
    const path = join(store.dir, 'teilnahmen_jahre.csv');
    writeFileSync(path, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\n962D990301;06411;M-1;15.03.1850;\n962D990302;06411;M-1;01.02.2024;2150-04-01\n962D990303;06411;M-1;01.02.2024;01.03.2024\n');
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result!.rowsLoaded).toBe(1);
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 2, column: 'referral_date', value: '15.03.1850', reason: 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100)' },
      { row: 3, column: 'entry_date', value: '2150-04-01', reason: 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100)' },
    ]);
  });
});
