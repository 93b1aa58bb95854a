/**
 * A workbook per year with a sheet per quarter: 'Q1' the empty template (its header only),
 * 'Q2' holding the rows. The first sheet with the columns is read (contracts.md: 'first sheet
 * unless a sheet is named'), so Q1 loaded: success with 0 rows, exit 0, Q2 named in a note only.
 * Now the file is refused, naming both sheets and --sheet.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';

const store = storePerTest();
const HEADER = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum'];
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function workbook(sheets: Record<string, unknown[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  const path = join(store().dir, 'teilnahmen_2024.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

const ROWS = [
  ['962D950001', '06411', 'M-1', d('2024-04-15')],
  ['962D950002', '06411', 'M-1', d('2024-05-15')],
];

describe('XLSX: the first sheet with the columns holds no rows, a later one does', () => {
  it('is refused, naming both sheets and how to load the one with the rows', async () => {
    // Q2's rows below 40 rows with a note beside the columns only: read on past the header search
    const path = await workbook({ Q1: [HEADER], Q2: [HEADER, ...Array.from({ length: 40 }, () => [null, null, null, null, null, 'Notiz']), ...ROWS] });
    const [result] = await store().ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'error' });
    expect(result!.error).toBe(
      'teilnahmen_2024.xlsx: sheet \'Q1\', the first with the \'participations\' columns, holds no rows, and sheet \'Q2\' does. Not loaded: which one is meant? Load the sheet by name: almp ingest --sheet "Q2" teilnahmen_2024.xlsx (without --sheet the first sheet with the columns is read), or delete the empty sheet \'Q1\' and save the file again.',
    );
    expect(await store().db.scalar('SELECT count(*) FROM raw.participations')).toBe(0);

    const [named] = await store().ingest([path], { kind: 'participations', sheet: 'Q2' });
    expect(named).toMatchObject({ status: 'success', rowsLoaded: 2 });
  });

  it('a later sheet with the header only, or the first sheet with rows: loaded as before', async () => {
    const empty = await workbook({ Q1: [HEADER], Q2: [HEADER, []] });
    const [none] = await store().ingest([empty], { kind: 'participations' });
    expect(none).toMatchObject({ status: 'success', rowsLoaded: 0 });

    const both = await workbook({ Q1: [HEADER, ROWS[0]!], Q2: [HEADER, ROWS[1]!] });
    const [first] = await store().ingest([both], { kind: 'participations' });
    expect(first).toMatchObject({ status: 'success', rowsLoaded: 1 });
    expect(first!.notes).toEqual([expect.stringMatching(/^sheet 'Q2' also holds these columns and was not read/)]);
  });

  it('names a later sheet read on for a value once in the note', async () => {
    // 40 rows with a note beside the columns only: its header was decided twice (a review)
    const path = await workbook({ Q1: [HEADER], Q2: [HEADER, ...Array.from({ length: 40 }, () => [null, null, null, null, null, null, 'Notiz'])] });
    const [result] = await store().ingest([path], { kind: 'participations' });
    expect(result!.notes).toEqual([expect.stringMatching(/^sheet 'Q2' also holds these columns/)]);
  });
});
