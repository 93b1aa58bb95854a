/**
 * Text stored in the cell in several formatting runs (`t="inlineStr"`, as openpyxl writes every
 * string): exceljs's streaming reader kept the last run only, so a Begründung with a bold
 * 'WICHTIG: ' lost it and a Kundennummer with a bold '813N' was pseudonymised as '237997'.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { throughChunks } from '../helpers/through-chunks.ts';
import { openStore, pid, storePerTest } from './helpers.ts';
import { InlineStrings, shownText } from '../../pipelines/ingest/xlsx-inline-strings.ts';
import { replaceZipEntry } from '../helpers/zip-entry.ts';

const store = storePerTest();

const HEADER = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Ergebnis', 'Begründung'];
const BOLD = '<rPr><b val="1" /></rPr>';
/** Each row's cells as plain text, and as openpyxl writes them inline (XML content of `<is>`). */
const ROWS: { plain: string; inline: string }[][] = [
  [
    { plain: 'T-1', inline: '<t>T-1</t>' },
    { plain: 'M-1', inline: '<t>M-1</t>' },
    { plain: '813N237997', inline: `<r>${BOLD}<t>813N</t></r><r><t>237997</t></r>` },
    { plain: '01.07.2024', inline: '<t>01.07.2024</t>' },
    { plain: 'dropout', inline: '<t>dropout</t>' },
    {
      plain: 'WICHTIG: TN hat die Maßnahme abgebrochen (Umzug & Pflege <Angehörige>)',
      inline: `<r>${BOLD}<t xml:space="preserve">WICHTIG: </t></r><r><t>TN hat die Maßnahme </t></r><r><rPr><i/></rPr><t>abgebrochen</t></r><r><t xml:space="preserve"> (Umzug &amp; Pflege &lt;Angehörige&gt;)</t></r>`,
    },
  ],
  [
    { plain: 'T-1', inline: '<t>T-1</t>' },
    { plain: 'M-1', inline: '<t>M-1</t>' },
    { plain: '962D600071', inline: '<t>962D600071</t>' },
    { plain: '02.07.2024', inline: '<t>02.07.2024</t>' },
    { plain: 'completed', inline: '<t>completed</t>' },
    // Japanese Excel stores a reading of the kanji (a phonetic run): not part of the text
    { plain: 'Arbeitsaufnahme in 東京', inline: '<t>Arbeitsaufnahme in 東京</t><rPh sb="19" eb="21"><t>トウキョウ</t></rPh><phoneticPr fontId="1" type="noConversion"/>' },
  ],
  [
    { plain: 'T-1', inline: '<t>T-1</t>' },
    { plain: 'M-1', inline: '<t>M-1</t>' },
    { plain: '551K300123', inline: '<t>551K300123</t>' },
    { plain: '03.07.2024', inline: '<t>03.07.2024</t>' },
    { plain: 'completed', inline: '<t>completed</t>' },
    // entities written out as text (pasted from a web form): exceljs decoded an inline string twice
    { plain: 'Praktikum bei AT&amp;T, Notiz &lt;b&gt;; Ü &#38; ä', inline: '<t>Praktikum bei AT&amp;amp;T, Notiz &amp;lt;b&amp;gt;; Ü &#38;#38; ä</t>' },
  ],
];

const column = (i: number) => String.fromCharCode(65 + i);

/** The rows in a workbook exceljs writes (text in the shared-strings table), and the same workbook with the sheet as openpyxl writes it. */
async function workbooks(dir: string): Promise<{ plain: string; inline: string }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Abschlussberichte');
  sheet.addRow(HEADER);
  for (const row of ROWS) sheet.addRow(row.map((cell) => cell.plain));
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const cells = [HEADER.map((h) => ({ inline: `<t>${h}</t>` })), ...ROWS].map(
    (row, r) => `<row r="${r + 1}">${row.map((cell, c) => `<c r="${column(c)}${r + 1}" t="inlineStr"><is>${cell.inline}</is></c>`).join('')}</row>`,
  );
  const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells.join('')}</sheetData></worksheet>`;
  const plain = join(dir, 'abschlussberichte.xlsx');
  const inline = join(dir, 'abschlussberichte_openpyxl.xlsx');
  writeFileSync(plain, bytes);
  writeFileSync(inline, replaceZipEntry(bytes, 'xl/worksheets/sheet1.xml', Buffer.from(xml)));
  return { plain, inline };
}

describe('XLSX text stored inline in several formatting runs', () => {
  it('loads the whole text and the whole Kundennummer, as the same values in plain cells', async () => {
    const { plain, inline } = await workbooks(store().dir);
    const other = await openStore();
    try {
      const [fromInline] = await store().ingest([inline], { kind: 'final_reports' });
      const [fromPlain] = await other.ingest([plain], { kind: 'final_reports' });
      expect(fromInline).toMatchObject({ status: 'success', rowsLoaded: 3, rowsRejected: 0 });
      expect(fromPlain).toMatchObject({ status: 'success', rowsLoaded: 3, rowsRejected: 0 });
      const query = 'SELECT _row, participant_id, reason_text FROM raw.final_reports ORDER BY _row';
      const rows = await store().db.json(query);
      expect(rows).toEqual(await other.db.json(query));
      expect(rows).toEqual([
        { _row: 2, participant_id: pid('813N237997'), reason_text: ROWS[0]![5]!.plain },
        { _row: 3, participant_id: pid('962D600071'), reason_text: 'Arbeitsaufnahme in 東京' },
        { _row: 4, participant_id: pid('551K300123'), reason_text: 'Praktikum bei AT&amp;T, Notiz &lt;b&gt;; Ü &#38; ä' },
      ]);
    } finally {
      other.close();
    }
  });
});

describe('InlineStrings', () => {
  const sheet =
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>813N</t></r><r><t>237997</t></r></is></c>' +
    '<c r="B1" t="inlineStr"><is><t>plain &amp; ä</t></is></c><c r="C1" t="inlineStr"><is/></c><c r="D1" t="inlineStr"><is><t/></is></c>' +
    '<c r="E1" t="inlineStr"><is><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c><c r="F1"><v>3</v></c></row></sheetData>';
  const expected =
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">813N237997</t></is></c>' +
    '<c r="B1" t="inlineStr"><is><t>plain &amp;amp; ä</t></is></c><c r="C1" t="inlineStr"><is/></c><c r="D1" t="inlineStr"><is><t xml:space="preserve"></t></is></c>' +
    '<c r="E1" t="inlineStr"><is><t xml:space="preserve">東京</t></is></c><c r="F1"><v>3</v></c></row></sheetData>';

  const through = (bytes: Buffer, size: number) => throughChunks(new InlineStrings(), bytes, size);

  it('puts every run into one, wherever the chunks end', async () => {
    const bytes = Buffer.from(sheet);
    for (let size = 1; size <= bytes.length; size++) expect(await through(bytes, size), `chunks of ${size} bytes`).toBe(expected);
  });

  it('takes the text of every <t> in order, none of a phonetic run', () => {
    expect(shownText('<r><rPr><b val="1" /><sz val="11"/></rPr><t xml:space="preserve">WICHTIG: </t></r><r><t>Text</t></r>')).toBe('WICHTIG: Text');
    expect(shownText('<t>plain</t>')).toBe('plain');
    expect(shownText('<r><t>東</t></r><r><t>京</t></r><rPh sb="0" eb="1"><t>トウ</t></rPh><rPh sb="1" eb="2"><t>キョウ</t></rPh><phoneticPr fontId="1"/>')).toBe('東京');
    expect(shownText('<t/><r><t></t></r>')).toBe('');
  });
});
