/**
 * Files named .xlsx that are no zip package were all refused as 'not a valid XLSX file (no zip
 * directory found). Open it in Excel … and save it again' — advice that, for a password-protected
 * workbook, gives back the same encrypted file. The refusal now says what the file is.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';

const store = storePerTest();

const OLE_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/** An OLE compound file as far as a refusal looks at it: the signature, and stream names in its directory (UTF-16LE) at the given offsets. */
function compoundFile(size: number, names: Record<number, string> = {}): Buffer {
  const bytes = Buffer.alloc(size, 0xa5);
  OLE_SIGNATURE.copy(bytes, 0);
  for (const [at, name] of Object.entries(names)) Buffer.from(name, 'utf16le').copy(bytes, Number(at));
  return bytes;
}

async function refusal(name: string, bytes: Buffer | string): Promise<string | undefined> {
  const path = join(store().dir, name);
  writeFileSync(path, bytes);
  const [result] = await store().ingest([path], { kind: 'participations' });
  expect(result!.status).toBe('error');
  return result!.error;
}

describe('a file named .xlsx that is no zip package', () => {
  it('encrypted with a password: says so, and how to take the password off', async () => {
    const error = await refusal('teilnahmen.xlsx', compoundFile(4096, { 1024: 'EncryptionInfo', 1152: 'EncryptedPackage' }));
    expect(error).toBe(
      'teilnahmen.xlsx refused: the workbook is password-protected (encrypted), so nothing of it can be read. Open it with the password in Excel, remove the password (Datei → Informationen → Arbeitsmappe schützen → Mit Kennwort verschlüsseln: clear the field) and save it again, then ingest that.',
    );
  });

  it('encrypted, with the stream names far into the file (across a read chunk)', async () => {
    const error = await refusal('teilnahmen.xlsx', compoundFile(2 ** 20 + 4096, { [2 ** 20 - 10]: 'EncryptedPackage' }));
    expect(error).toMatch(/^teilnahmen\.xlsx refused: the workbook is password-protected/);
  });

  it('an Excel 97–2003 workbook (.xls): save it as .xlsx', async () => {
    const error = await refusal('teilnahmen.xlsx', compoundFile(6144, { 1024: 'Workbook', 1152: '\u0005SummaryInformation' }));
    expect(error).toBe(
      'teilnahmen.xlsx refused: it is an old Excel 97–2003 .xls file under an .xlsx name, a format not read here. Open it in Excel or LibreOffice and save it as .xlsx (Excel-Arbeitsmappe), then ingest that.',
    );
  });

  it('a CSV export: rename it to .csv', async () => {
    const error = await refusal('teilnahmen.xlsx', '\ufeffKundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum\r\n962D950001;06411;M-1;15.09.2024\r\n');
    expect(error).toBe(
      'teilnahmen.xlsx refused: not an Excel workbook but plain text, as a CSV file is (a CSV export saved with an .xlsx name). If it is a CSV export, rename it to .csv and ingest it again; otherwise open it in Excel or LibreOffice and save it as .xlsx.',
    );
  });

  it('an HTML table (as web applications export for Excel): open and save it as .xlsx', async () => {
    const error = await refusal('teilnahmen.xlsx', '<html><body><table><tr><td>Kundennummer</td></tr></table></body></html>');
    expect(error).toMatch(/^teilnahmen\.xlsx refused: not an Excel workbook but HTML or XML text .*\. Open it in Excel or LibreOffice and save it as \.xlsx/);
  });

  it('a zip cut off before its directory, or an empty file: ask for a new copy (saving it again in Excel cannot help; a review)', async () => {
    const cut = 'refused: not a valid XLSX file (no zip directory found): it starts as a workbook but its end is missing — a copy cut off on the way. Ask the sender for a new copy (or copy it again from where it came).';
    expect(await refusal('cut.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0008\u0008'), Buffer.alloc(200, 0x41)]))).toBe(`cut.xlsx ${cut}`);
    expect(await refusal('cut-early.xlsx', 'PK')).toBe(`cut-early.xlsx ${cut}`);
    expect(await refusal('empty.xlsx', '')).toMatch(/^empty\.xlsx refused: not a valid XLSX file: it is empty \(0 bytes\)\. Ask the sender for the file again/);
  });

  it('anything else (random bytes): the refusal as before', async () => {
    const before = 'refused: not a valid XLSX file (no zip directory found). Open it in Excel or LibreOffice and save it again as .xlsx, or ask the sender for a new copy.';
    expect(await refusal('random.xlsx', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)))).toBe(`random.xlsx ${before}`);
  });
});
