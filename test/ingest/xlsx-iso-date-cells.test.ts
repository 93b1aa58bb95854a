/**
 * Date cells stored as ISO 8601 text (`t="d"`, as some libraries write them): exceljs's
 * streaming reader took parseFloat('2024-09-15…') = 2024 for an Excel serial, and a
 * participation of 2024 loaded as of 16.07.1905 with no reject (a calendar audit).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';
import { IsoDateCells } from '../../pipelines/ingest/xlsx-date-cells.ts';
import { replaceZipEntry } from '../helpers/zip-entry.ts';

const store = storePerTest();

const HEADER = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt', 'Austritt'];
/** Each row: the three date cells' stored text. */
const DATES = [
  ['2024-09-15T00:00:00', '2024-10-01', '2024-12-31T00:00:00Z'],
  // end of day: a time of day, rejected as the same text in a CSV is
  ['2024-09-16T00:00:00', '2024-10-02', '2024-12-31T23:59:59'],
];

async function workbook(dir: string): Promise<string> {
  // a workbook as exceljs writes it, its sheet replaced by one with ISO date cells
  const base = new ExcelJS.Workbook();
  base.addWorksheet('Teilnahmen').addRow(HEADER);
  const zip = Buffer.from(await base.xlsx.writeBuffer());
  const cell = (ref: string, value: string, type: string) => `<c r="${ref}" s="0" t="${type}">${type === 'inlineStr' ? `<is><t>${value}</t></is>` : `<v>${value}</v>`}</c>`;
  const rows = [
    `<row r="1">${HEADER.map((h, c) => cell(`${'ABCDEF'[c]}1`, h, 'inlineStr')).join('')}</row>`,
    ...DATES.map((dates, i) => {
      const r = i + 2;
      const ids = [`962D99030${r}`, '06411', 'M-1'].map((v, c) => cell(`${'ABC'[c]}${r}`, v, 'inlineStr'));
      return `<row r="${r}">${[...ids, ...dates.map((d, c) => cell(`${'DEF'[c]}${r}`, d, 'd'))].join('')}</row>`;
    }),
  ];
  const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const path = join(dir, 'teilnahmen_iso.xlsx');
  writeFileSync(path, replaceZipEntry(zip, 'xl/worksheets/sheet1.xml', Buffer.from(xml)));
  return path;
}

describe('XLSX date cells stored as ISO 8601 text', () => {
  it('load as the dates they write; a time of day is rejected naming it', async () => {
    const [result] = await store().ingest([await workbook(store().dir)], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 1 });
    expect(await store().db.json('SELECT referral_date::VARCHAR AS referral, entry_date::VARCHAR AS entry, exit_date::VARCHAR AS exit FROM raw.participations')).toEqual([
      { referral: '2024-09-15', entry: '2024-10-01', exit: '2024-12-31' },
    ]);
    expect(await store().db.json('SELECT "row", "column", "value" FROM meta.rejects')).toEqual([{ row: 3, column: 'exit_date', value: '2024-12-31T23:59:59' }]);
  });

  it('are found in a tag cut by a chunk boundary anywhere', async () => {
    const xml = '<row r="2"><c r="D2" s="1" t="d"><v>2024-09-15</v></c><col min="1"/><c r="E2" t="n"><v>1</v></c></row>';
    const expected = xml.replace('t="d"', 't="str"');
    for (let cut = 1; cut < xml.length; cut++) {
      const chunks = [Buffer.from(xml.slice(0, cut)), Buffer.from(xml.slice(cut))];
      expect(await text(Readable.from(chunks).pipe(new IsoDateCells()))).toBe(expected);
    }
  });
});
