/**
 * A part whose bytes do not match the CRC-32 its zip directory declares: a byte changed in a
 * sheet stored without compression (45550 → 45590, another date) loaded silently, where Excel
 * and jszip call the file damaged (an audit). The file is refused whole.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';
import { editZipEntry } from '../helpers/zip-entry.ts';

const store = storePerTest();
const SHEET = 'xl/worksheets/sheet1.xml';

/** The declared CRC-32 of `name` changed, in its local header and in the central directory. */
function withWrongCrc(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  for (const [signature, crcAt, nameLenAt, nameAt] of [[0x04034b50, 14, 26, 30], [0x02014b50, 16, 28, 46]] as const) {
    for (let at = out.indexOf(Buffer.from([signature & 0xff, (signature >> 8) & 0xff, (signature >> 16) & 0xff, signature >>> 24])); at >= 0; at = out.indexOf(Buffer.from([signature & 0xff, (signature >> 8) & 0xff, (signature >> 16) & 0xff, signature >>> 24]), at + 4)) {
      if (out.subarray(at + nameAt, at + nameAt + out.readUInt16LE(at + nameLenAt)).toString() === name) out.writeUInt32LE((out.readUInt32LE(at + crcAt) + 1) >>> 0, at + crcAt);
    }
  }
  return out;
}

describe('XLSX checksum', () => {
  it('refuses a workbook whose sheet does not match its declared CRC-32, and loads it when it does', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Daten');
    sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt']);
    sheet.addRow(['962D950002', '06411', 'M-1', new Date(Date.UTC(2024, 8, 15)), new Date(Date.UTC(2024, 9, 1))]);
    // rewritten by the helper: one layout for both files, only the declared checksum differs
    const sound = await editZipEntry(Buffer.from(await workbook.xlsx.writeBuffer()), SHEET, (xml) => xml);
    const damaged = join(store().dir, 'teilnahmen_defekt.xlsx');
    writeFileSync(damaged, withWrongCrc(sound, SHEET));
    const [refused] = await store().ingest([damaged], { kind: 'participations' });
    expect(refused).toMatchObject({ status: 'error', error: expect.stringContaining(`the workbook's part ${SHEET} does not match the checksum its zip directory declares`) });
    expect(await store().db.scalar('SELECT count(*) FROM raw.participations')).toBe(0);
    const path = join(store().dir, 'teilnahmen.xlsx');
    writeFileSync(path, sound);
    const [loaded] = await store().ingest([path], { kind: 'participations' });
    expect(loaded).toMatchObject({ status: 'success', rowsLoaded: 1 });
  });
});
