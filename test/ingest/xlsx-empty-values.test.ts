/**
 * A cell stored with an empty value (`<c r="G3" s="1"><v></v></c>`) is empty, as LibreOffice
 * shows it: in a date-formatted cell it refused the whole file ('the workbook is damaged
 * (Invalid time value)'), in a number cell it rejected its row as 'NaN': not a whole number,
 * in a boolean cell it loaded TRUE. Text where a number is stored ('k.A.') is still rejected
 * with its row (a review: it loaded as empty).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { throughChunks } from '../helpers/through-chunks.ts';
import { storePerTest } from './helpers.ts';
import { editZipEntry } from '../helpers/zip-entry.ts';
import { IsoDateCells } from '../../pipelines/ingest/xlsx-date-cells.ts';

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

  it('is empty in a boolean cell, and text stored as a number or a date rejects its row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'LZA', 'Geburtsjahr']);
    sheet.addRow(['962D950001', '06411', 'M-1', new Date(Date.UTC(2024, 8, 15)), false, 1980]);
    sheet.addRow(['962D950002', '06411', 'M-1', new Date(Date.UTC(2024, 8, 15)), false, 1981]);
    sheet.addRow(['962D950003', '06411', 'M-1', new Date(Date.UTC(2024, 8, 15)), false, 1982]);
    sheet.getColumn(4).numFmt = 'dd.mm.yyyy';
    const path = join(store().dir, 'teilnahmen.xlsx');
    writeFileSync(
      path,
      await editZipEntry(Buffer.from(await workbook.xlsx.writeBuffer()), 'xl/worksheets/sheet1.xml', (xml) =>
        xml
          .replace(/(<c r="E2"[^>]*t="b"[^>]*>)<v>[^<]*<\/v>/, '$1<v></v>')
          .replace(/(<c r="F3"[^>]*>)<v>[^<]*<\/v>/, '$1<v>k.A.</v>')
          .replace(/(<c r="D4"[^>]*>)<v>[^<]*<\/v>/, '$1<v>k.A.</v>'),
      ),
    );
    const [result] = await store().ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 2 });
    expect(await store().db.json('SELECT long_term_unemployed AS lza FROM raw.participations')).toEqual([{ lza: null }]);
    expect(await store().db.json('SELECT "row", "column" FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 3, column: 'birth_year' },
      { row: 4, column: 'referral_date' },
    ]);
  });

  it('drops an empty value wherever the bytes are cut into chunks, and leaves a formula and other cells alone', async () => {
    const xml = '<row r="2"><c r="A2" s="1"><v></v></c><c r="B2" t="b"><v/></c><c r="C2"><f>A1</f><v></v></c><c r="D2" s="2"/><c r="E2"><v>5</v></c></row>';
    const expected = '<row r="2"><c r="A2" s="1"></c><c r="B2" t="b"></c><c r="C2"><f>A1</f><v></v></c><c r="D2" s="2"/><c r="E2"><v>5</v></c></row>';
    for (let size = 1; size <= xml.length; size++) expect(await throughChunks(new IsoDateCells(), Buffer.from(xml), size), `chunks of ${size}`).toBe(expected);
  });
});
