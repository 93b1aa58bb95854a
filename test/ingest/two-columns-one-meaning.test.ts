/**
 * Two columns of one meaning ('Eintritt' beside 'entry_date', 'Kosten' beside
 * 'cost_total_eur'): the first is read, and a row where the second says otherwise is rejected
 * naming both (d9d2127). They are compared as the values they stand for, not as text: a
 * German date beside an ISO one, '1.234,50 €' beside the number 1234.5, 'w' beside 'f' are
 * the same value. A second value that cannot be read is rejected with its own reason.
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

const differ = (name: string, first: string, second: string) => `the columns '${first}' and '${second}' both give ${name} and differ in this row: delete the wrong one and load the file again`;
const emptyFirst = (name: string, first: string, second: string) =>
  `the column '${first}' is empty, while the column '${second}', which also gives ${name}, has a value: fill in the first or delete one of the two columns, and load the file again`;
const NOT_A_DATE = 'not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100)';

describe('two columns of one meaning are compared as typed values', () => {
  it('CSV: 23.09.2024 beside 2024-09-23 (and w beside f, ja beside 1, 3 beside 03) loads; another date is rejected naming both; an unreadable value gets its own reason', async () => {
    const path = join(store.dir, 'teilnahmen_zweimal.csv');
    writeFileSync(
      path,
      [
        'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt;entry_date;Austritt;Austrittsgrund;exit_reason;Geschlecht;gender;LZA;long_term_unemployed',
        '962D980011;06411;M-1;29.08.2024;23.09.2024;2024-09-23;30.09.2024;3;03;w;f;ja;1',
        '962D980012;06411;M-1;29.08.2024;23.09.2024;2024-09-24;;;;;;;',
        '962D980013;06411;M-1;29.08.2024;23.09.2024;2024-13-45;;;;;;;',
        '962D980014;06411;M-1;29.08.2024;31.02.2024;2024-09-23;;;;;;;',
        '962D980015;06411;M-1;29.08.2024;23.09.2024;2024-09-23;;3;04;;;;',
        // the first empty, the second filled: one reason (a required one also had 'required value is empty')
        '962D980016;06411;M-1;29.08.2024;;2024-09-23;;;;;;;',
        '962D980017;06411;M-1;29.08.2024;23.09.2024;;;;03;;;;',
        '',
      ].join('\n'),
    );
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 6 });
    expect(await store.db.json('SELECT entry_date::VARCHAR AS entry, exit_reason, gender, long_term_unemployed AS lza FROM raw.participations')).toEqual([
      { entry: '2024-09-23', exit_reason: '03', gender: 'f', lza: true },
    ]);
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects ORDER BY "row", "column"')).toEqual([
      { row: 3, column: 'entry_date', value: null, reason: differ('entry_date', 'Eintritt', 'entry_date') },
      // the second's own reason, saying which column holds it (the reject's header is the first's)
      { row: 4, column: 'entry_date', value: '2024-13-45', reason: `${NOT_A_DATE} (column 'entry_date', which also gives entry_date)` },
      // the first is no date: its own reason alone, not also 'differ'
      { row: 5, column: 'entry_date', value: '31.02.2024', reason: NOT_A_DATE },
      { row: 6, column: 'exit_reason', value: null, reason: differ('exit_reason', 'Austrittsgrund', 'exit_reason') },
      { row: 7, column: 'entry_date', value: '2024-09-23', reason: emptyFirst('entry_date', 'Eintritt', 'entry_date') },
      { row: 8, column: 'exit_reason', value: '03', reason: emptyFirst('exit_reason', 'Austrittsgrund', 'exit_reason') },
    ]);
  });

  it('XLSX: a date cell beside ISO date text, a Kundennummer beside the same in lower case, load; differing or unreadable values are rejected as in a CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow(['Kundennummer', 'TN-ID', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt', 'entry_date']);
    sheet.addRow(['962D980021', '962d980021', '06411', 'M-1', '29.08.2024', new Date(Date.UTC(2024, 8, 23)), '2024-09-23']);
    sheet.addRow(['962D980022', '962D980099', '06411', 'M-1', '29.08.2024', new Date(Date.UTC(2024, 8, 23)), '23.09.2024']);
    sheet.addRow(['962D980023', '962D980023', '06411', 'M-1', '29.08.2024', new Date(Date.UTC(2024, 8, 23)), '24.09.2024']);
    sheet.addRow(['962D980024', '', '06411', 'M-1', '29.08.2024', new Date(Date.UTC(2024, 8, 23)), '01/02/2025']);
    sheet.getColumn(6).numFmt = 'dd.mm.yyyy';
    const path = join(store.dir, 'teilnahmen_zweimal.xlsx');
    await workbook.xlsx.writeFile(path);
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 3 });
    expect(await store.db.json('SELECT _row AS row, entry_date::VARCHAR AS entry FROM raw.participations')).toEqual([{ row: 2, entry: '2024-09-23' }]);
    const rejects = await store.db.json<{ row: number; column: string; reason: string }>('SELECT "row", "column", reason FROM meta.rejects ORDER BY "row", "column"');
    expect(rejects.slice(0, 2)).toEqual([
      { row: 3, column: 'participant_id', reason: differ('participant_id', 'Kundennummer', 'TN-ID') },
      { row: 4, column: 'entry_date', reason: differ('entry_date', 'Eintritt', 'entry_date') },
    ]);
    expect(rejects[2]).toMatchObject({ row: 5, column: 'entry_date' });
    expect(rejects[2]!.reason).toMatch(/^not a date \(DD\.MM\.YYYY or YYYY-MM-DD, years 1900-2100\): ambiguous with slashes .* \(column 'entry_date', which also gives entry_date\)$/);
  });

  it("JSON: a cost of 1234.5 beside 'Kosten' '1.234,50 €' loads; 1234.5 beside '1.243,50 €' is rejected naming both keys", async () => {
    const path = join(store.dir, 'massnahmen_zweimal.json');
    const measure = (id: string, kosten: string) => ({ measure_id: id, jobcenter_id: '06411', provider_id: 'T-1', instrument: '45_MAT', cost_total_eur: 1234.5, Kosten: kosten });
    writeFileSync(path, JSON.stringify([measure('M-1', '1.234,50 €'), measure('M-2', '1.243,50 €')]));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT measure_id, cost_total_eur FROM raw.measures')).toEqual([{ measure_id: 'M-1', cost_total_eur: '1234.50' }]);
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects')).toEqual([{ row: 2, column: 'cost_total_eur', reason: differ('cost_total_eur', 'cost_total_eur', 'Kosten') }]);
  });
});

// Three columns of one meaning: each later one is compared with the first on its own, as a
// CSV does; two later ones that differ only in writing once held a row back unconverted
// (w / f / F rejected) or blamed the wrong column (2024-09-23 agrees with 23.09.2024).
describe('three columns of one meaning: each later one is compared with the first on its own', () => {
  const header = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt', 'entry_date', 'Eintrittsdatum', 'Geschlecht', 'gender', 'GESCHLECHT'];
  const rows = [
    ['962D980031', '06411', 'M-1', '29.08.2024', '23.09.2024', '2024-09-23', '2024-09-24', '', '', ''],
    ['962D980032', '06411', 'M-1', '29.08.2024', '23.09.2024', '', '', 'w', 'f', 'F'],
  ];
  // `first`: the number of the first record (a sheet's line 2, a JSON array's object 1)
  const expectThreeColumns = async (path: string, first: number) => {
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects')).toEqual([{ row: first, column: 'entry_date', reason: differ('entry_date', 'Eintritt', 'Eintrittsdatum') }]);
    expect(await store.db.json('SELECT _row AS row, entry_date::VARCHAR AS entry, gender FROM raw.participations')).toEqual([{ row: first + 1, entry: '2024-09-23', gender: 'f' }]);
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
  };

  it("CSV: 23.09.2024 / 2024-09-23 / 2024-09-24 is rejected naming 'Eintritt' and 'Eintrittsdatum'; w / f / F loads as f", async () => {
    const path = join(store.dir, 'teilnahmen_dreimal.csv');
    writeFileSync(path, [header, ...rows].map((r) => r.join(';')).join('\n') + '\n');
    await expectThreeColumns(path, 2);
  });

  it('XLSX: the same', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    for (const row of [header, ...rows]) sheet.addRow(row);
    const path = join(store.dir, 'teilnahmen_dreimal.xlsx');
    await workbook.xlsx.writeFile(path);
    await expectThreeColumns(path, 2);
  });

  it('JSON: the same, with keys', async () => {
    const path = join(store.dir, 'teilnahmen_dreimal.json');
    // an empty cell is left out, as an export writes no key for it
    writeFileSync(path, JSON.stringify(rows.map((row) => Object.fromEntries(header.map((key, i) => [key, row[i]!] as const).filter(([, value]) => value !== '')))));
    await expectThreeColumns(path, 1);
  });
});
