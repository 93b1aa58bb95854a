/**
 * A template formatted down to the last row (borders, a fill) stores every formatted row, empty:
 * a 2-row sheet formatted to row 1,048,576 staged a million empty records (17 s, 0.57 GB).
 * Empty rows after the last record are no longer staged; those between records still are
 * (counted as ignored), and every record keeps the sheet's row number.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';
import { editZipEntry } from '../helpers/zip-entry.ts';
import { readXlsx } from '../../pipelines/ingest/read-xlsx.ts';

const store = storePerTest();
const LAST_ROW = 20_000;

/** Row 2 a record, row 3 empty, row 4 a record with a bad date, rows 5 to LAST_ROW formatted and empty (as Excel stores them). */
async function formattedTemplate(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Teilnahmen');
  sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum']);
  sheet.addRow(['962D950001', '06411', 'M-1', '15.09.2024']);
  sheet.addRow([]);
  sheet.addRow(['962D950002', '06411', 'M-1', '31.09.2024']);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const formatted = (r: number) => `<row r="${r}" spans="1:4" s="1" customFormat="1">${['A', 'B', 'C', 'D'].map((c) => `<c r="${c}${r}" s="1"/>`).join('')}</row>`;
  const empty = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => formatted(from + i)).join('');
  writeFileSync(
    path,
    await editZipEntry(bytes, 'xl/worksheets/sheet1.xml', (xml) => {
      // exceljs writes no element for the empty row 3: Excel does for a formatted one
      const edited = xml.replace(/(<row r="4")/, `${empty(3, 3)}$1`).replace('</sheetData>', `${empty(5, LAST_ROW)}</sheetData>`);
      expect(edited).toContain(`<row r="${LAST_ROW}"`);
      return edited;
    }),
  );
}

describe('XLSX formatted empty rows', () => {
  it('are not staged after the last record; between records they are, and rows keep their numbers', async () => {
    const path = join(store().dir, 'teilnahmen_vorlage.xlsx');
    await formattedTemplate(path);

    const rows: number[] = [];
    for await (const record of readXlsx('participations', path).records) rows.push(record.row);
    expect(rows).toEqual([2, 3, 4]);

    const [result] = await store().ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(await store().db.json('SELECT "row", "column" FROM meta.rejects')).toEqual([{ row: 4, column: 'referral_date' }]);
    expect(await store().db.json('SELECT _row FROM raw.participations')).toEqual([{ _row: 2 }]);
    expect(await store().db.scalar('SELECT rows_ignored FROM meta.files')).toBe(1);
  });
});
