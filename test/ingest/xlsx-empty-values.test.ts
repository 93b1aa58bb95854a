/**
 * A cell stored with an empty value (`<c r="G3" s="1"><v></v></c>`) is empty, as LibreOffice
 * shows it: in a date-formatted cell it refused the whole file ('the workbook is damaged
 * (Invalid time value)'), in a number cell it rejected its row as 'NaN': not a whole number.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';
import { editZipEntry } from '../helpers/zip-entry.ts';

const store = storePerTest();

describe('XLSX cell with an empty <v>', () => {
  it('is an empty value in a date column and in a number column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Berichte');
    sheet.addRow(['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Eintritt', 'Ergebnis', 'Abschlussgespräch', 'Soll-Tage']);
    for (const id of ['962D950002', '962D950003', '962D950004']) {
      sheet.addRow(['T-1', 'M-1', id, new Date(Date.UTC(2024, 9, 1)), new Date(Date.UTC(2024, 1, 1)), 'completed', new Date(Date.UTC(2024, 8, 25)), 60]);
    }
    for (const c of [4, 5, 7]) sheet.getColumn(c).numFmt = 'dd.mm.yyyy';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const path = join(store().dir, 'berichte.xlsx');
    const emptied = await editZipEntry(bytes, 'xl/worksheets/sheet1.xml', (xml) => {
      const edited = xml.replace(/(<c r="G3"[^>]*>)<v>[^<]*<\/v>/, '$1<v></v>').replace(/(<c r="H4"[^>]*>)<v>[^<]*<\/v>/, '$1<v></v>');
      expect(edited.match(/<v><\/v>/g)).toHaveLength(2);
      return edited;
    });
    writeFileSync(path, emptied);
    const [result] = await store().ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 3, rowsRejected: 0 });
    expect(await store().db.json('SELECT _row, debriefing_date, days_planned FROM raw.final_reports ORDER BY _row')).toEqual([
      { _row: 2, debriefing_date: '2024-09-25', days_planned: 60 },
      { _row: 3, debriefing_date: null, days_planned: 60 },
      { _row: 4, debriefing_date: '2024-09-25', days_planned: null },
    ]);
  });
});
