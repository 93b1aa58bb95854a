/**
 * Where the header search looks (a review): a band of empty formatted rows above the header
 * used up the 30 rows searched for it ("no records found"), and a notes sheet of one-cell
 * lines before an empty data sheet was blamed for a missing header.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';
import { editZipEntry } from '../helpers/zip-entry.ts';

const store = storePerTest();
const HEADER = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'LZA'];

async function book(rows: unknown[][], edit?: (xml: string) => string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Teilnahmen');
  for (const row of rows) sheet.addRow(row);
  const path = join(store().dir, 'teilnahmen.xlsx');
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  writeFileSync(path, edit ? await editZipEntry(bytes, 'xl/worksheets/sheet1.xml', edit) : bytes);
  return path;
}

describe('the header search of a sheet', () => {
  it('finds a header below a band of 35 empty formatted rows', async () => {
    const path = await book([HEADER, ['962D950001', '06411', 'M-1', '15.09.2024', 'ja']], (xml) => {
      // shift the two rows down by 35 and put 35 formatted empty rows above them (a styled band)
      let out = xml.replace(/<row r="(\d+)"/g, (_, r) => `<row r="${Number(r) + 35}"`).replace(/<c r="([A-Z]+)(\d+)"/g, (_, c, r) => `<c r="${c}${Number(r) + 35}"`);
      const band = Array.from({ length: 35 }, (_, i) => `<row r="${i + 1}" ht="20" customHeight="1"><c r="A${i + 1}" s="0"/></row>`).join('');
      out = out.replace('<sheetData>', `<sheetData>${band}`);
      return out.replace(/<dimension ref="[^"]*"\/>/, '');
    });
    const [result] = await store().ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1 });
    expect(await store().db.json('SELECT _row FROM raw.participations')).toEqual([{ _row: 37 }]);
  });

  it('calls an instructions sheet of one-cell lines and an empty data sheet empty, not headerless', async () => {
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('Hinweise');
    notes.addRow(['Bitte tragen Sie die Teilnahmen im Blatt "Daten" ein.']);
    notes.addRow(['Pflichtfelder sind gelb markiert.']);
    workbook.addWorksheet('Daten');
    const path = join(store().dir, 'teilnahmen_leer.xlsx');
    await workbook.xlsx.writeFile(path);
    const [result] = await store().ingest([path], { kind: 'participations' });
    expect(result!.error).toMatch(/no records found/);
  });
});
