/**
 * A workbook in the 1904 date system (Excel for Mac) stores its dates as serials 1,462 lower.
 * LibreOffice writes the flag as `date1904="true"` (the attribute is an xsd:boolean), which
 * exceljs did not take for it (it tests for "1"): every date loaded 4 years early, no reject.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';
import { editZipEntry } from '../helpers/zip-entry.ts';

const store = storePerTest();

/** A referral of 15.09.2024 and an entry of 01.10.2024 (a formula's result), as 1904 serials, with `workbookPr` as given. */
async function workbook1904(path: string, workbookPr: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Teilnahmen');
  sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt']);
  sheet.addRow(['962D950001', '06411', 'M-1', 45550 - 1462, { formula: 'D2+16', result: 45566 - 1462 }]);
  sheet.getColumn(4).numFmt = 'dd.mm.yyyy';
  sheet.getColumn(5).numFmt = 'dd.mm.yyyy';
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  writeFileSync(path, await editZipEntry(bytes, 'xl/workbook.xml', (xml) => xml.replace(/<workbookPr\b[^>]*\/>/, workbookPr)));
}

describe('XLSX in the 1904 date system', () => {
  for (const workbookPr of ['<workbookPr date1904="1"/>', '<workbookPr backupFile="false" showObjects="all" date1904="true"/>']) {
    it(`loads the dates Excel shows (${workbookPr})`, async () => {
      const path = join(store().dir, 'teilnahmen_1904.xlsx');
      await workbook1904(path, workbookPr);
      const [result] = await store().ingest([path], { kind: 'participations' });
      expect(result).toMatchObject({ status: 'success', rowsLoaded: 1 });
      expect(await store().db.json('SELECT referral_date, entry_date FROM raw.participations')).toEqual([{ referral_date: '2024-09-15', entry_date: '2024-10-01' }]);
    });
  }

  it('reads date1904="false" as the 1900 system', async () => {
    const path = join(store().dir, 'teilnahmen_1900.xlsx');
    await workbook1904(path, '<workbookPr date1904="false"/>');
    await store().ingest([path], { kind: 'participations' });
    expect(await store().db.json('SELECT referral_date FROM raw.participations')).toEqual([{ referral_date: '2020-09-14' }]);
  });
});
