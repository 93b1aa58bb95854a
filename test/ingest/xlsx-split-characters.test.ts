/**
 * exceljs decodes each chunk of a workbook part's bytes on its own: a character split between
 * two chunks (an umlaut is two bytes) became two U+FFFD. 6 of 4,000 provider names of a
 * workbook Excel writes (text in the shared-strings table) loaded as 'Bildungstr��ger …', and
 * the same in a sheet holding its text inline (as openpyxl writes it). Every part reaches the
 * reader decoded across chunks.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';
import { replaceZipEntry } from '../helpers/zip-entry.ts';

const store = storePerTest();

const ROWS = Array.from({ length: 4000 }, (_, i) => [String(100000 + i), `Bildungsträger Müller-Lüdenscheidt ${i} – Größe äöüß ÄÖÜ €`, 'independent']);
const HEADER = ['provider_id', 'name', 'provider_type'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The providers in a workbook as Excel writes it (shared strings), and with the sheet's text inline. */
async function workbooks(dir: string): Promise<{ shared: string; inline: string }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Träger');
  sheet.addRow(HEADER);
  for (const row of ROWS) sheet.addRow(row);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const rows = [HEADER, ...ROWS].map(
    (row, r) => `<row r="${r + 1}">${row.map((cell, c) => `<c r="${'ABC'[c]}${r + 1}" t="inlineStr"><is><t>${escape(cell)}</t></is></c>`).join('')}</row>`,
  );
  const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const shared = join(dir, 'traeger.xlsx');
  const inline = join(dir, 'traeger_inline.xlsx');
  writeFileSync(shared, bytes);
  writeFileSync(inline, replaceZipEntry(bytes, 'xl/worksheets/sheet1.xml', Buffer.from(xml)));
  return { shared, inline };
}

describe('XLSX text of many non-ASCII characters', () => {
  it('loads every name as written, whether the text is shared or inline', async () => {
    const { shared, inline } = await workbooks(store().dir);
    for (const file of [shared, inline]) {
      await store().db.run('DELETE FROM raw.providers');
      const [result] = await store().ingest([file], { kind: 'providers' });
      expect(result).toMatchObject({ status: 'success', rowsLoaded: 4000, rowsRejected: 0 });
      const names = await store().db.json<{ provider_id: string; name: string }>('SELECT provider_id, name FROM raw.providers WHERE _current ORDER BY provider_id');
      const wrong = names.filter((r, i) => r.name !== ROWS[i]![1]);
      expect(wrong.slice(0, 3), file).toEqual([]);
      expect(names).toHaveLength(4000);
    }
  });
});
