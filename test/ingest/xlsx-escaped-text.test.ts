/**
 * Text as Excel stores what XML cannot hold: `_xHHHH_` escapes (a carriage return pasted in as
 * '_x000D_', an underscore escaped as '_x005F_'), which loaded literally, also inside a
 * Kundennummer before it was pseudonymised; and the text result of a formula (`t="str"`), which
 * exceljs decodes twice, so a result saying 'AT&amp;T' in so many characters loaded as 'AT&T'.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { throughChunks } from '../helpers/through-chunks.ts';
import { pid, storePerTest } from './helpers.ts';
import { editZipEntry } from '../helpers/zip-entry.ts';
import { StrCellValues } from '../../pipelines/ingest/xlsx-str-cells.ts';

const store = storePerTest();

const HEADER = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Ergebnis', 'Begründung', 'Anschlussempfehlung'];

describe('XLSX escaped text', () => {
  it('reads _xHHHH_ escapes as Excel does, and a formula text result decoded once', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Berichte');
    sheet.addRow(HEADER);
    // as stored in the shared strings (exceljs writes the text as given)
    sheet.addRow(['T-1', 'M-1', '962D95000_x0032_', '01.10.2024', 'completed', 'Zeile 1_x000D_\nZeile 2', 'Code_x005F_x0041_']);
    sheet.addRow(['T-1', 'M-1', '962D950003', '01.10.2024', 'completed', 'formula', 'text']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const path = join(store().dir, 'berichte.xlsx');
    const edited = await editZipEntry(bytes, 'xl/worksheets/sheet1.xml', (xml) => {
      const cells: Record<string, string> = {
        // Excel's markup of ="AT&amp;T" and of a text a writer stores as t="str"
        F3: '<c r="F3" t="str"><f>"AT&amp;amp;T"</f><v>AT&amp;amp;T</v></c>',
        G3: '<c r="G3" t="str"><v>Notiz &amp;lt;b&amp;gt; &amp; _x005F_x000D_</v></c>',
      };
      let out = xml;
      for (const [ref, cell] of Object.entries(cells)) out = out.replace(new RegExp(`<c r="${ref}"[^>]*>.*?</c>`), cell);
      expect(out).toContain(cells['G3']);
      return out;
    });
    writeFileSync(path, edited);
    const [result] = await store().ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 0 });
    expect(await store().db.json('SELECT participant_id, reason_text, follow_up_recommendation FROM raw.final_reports ORDER BY _row')).toEqual([
      { participant_id: pid('962D950002'), reason_text: 'Zeile 1\r\nZeile 2', follow_up_recommendation: 'Code_x0041_' },
      { participant_id: pid('962D950003'), reason_text: 'AT&amp;T', follow_up_recommendation: 'Notiz &lt;b&gt; & _x000D_' },
    ]);
  });
});

describe('StrCellValues', () => {
  const sheet =
    '<sheetData><row r="1"><c r="A1" t="str"><f>"A&amp;amp;B"&amp;"x"</f><v>A&amp;amp;Bx</v></c><c r="B1" t="s"><v>3</v></c>' +
    '<c r="C1" t="str"/><c r="D1" s="1" t="str"><v>&amp;lt;ok&amp;gt; &amp; &#38;</v></c><c r="E1" t="inlineStr"><is><t>&amp;amp;</t></is></c></row></sheetData>';
  // only the values of str cells: the formula and the inline string (xlsx-inline-strings.ts) as they came
  const expected =
    '<sheetData><row r="1"><c r="A1" t="str"><f>"A&amp;amp;B"&amp;"x"</f><v>A&amp;amp;amp;Bx</v></c><c r="B1" t="s"><v>3</v></c>' +
    '<c r="C1" t="str"/><c r="D1" s="1" t="str"><v>&amp;amp;lt;ok&amp;amp;gt; &amp;amp; &amp;amp;</v></c><c r="E1" t="inlineStr"><is><t>&amp;amp;</t></is></c></row></sheetData>';

  const through = (bytes: Buffer, size: number) => throughChunks(new StrCellValues(), bytes, size);

  it('escapes the value of every str cell once more, wherever the chunks end', async () => {
    const bytes = Buffer.from(sheet);
    for (let size = 1; size <= bytes.length; size++) expect(await through(bytes, size), `chunks of ${size} bytes`).toBe(expected);
  });
});
