/**
 * A workbook damaged in transit (bytes changed inside a sheet): the unzip or XML reader's own
 * words ('invalid distance too far back', '2:32689: disallowed character in attribute name.')
 * told the sender neither that the file is damaged nor what to do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReports } from '../hardening/helpers.ts';
import { storePerTest } from './helpers.ts';

const store = storePerTest();

/** The sample workbook with bytes in the middle of its sheet's compressed data overwritten. */
function damaged(): Buffer {
  const bytes = Buffer.from(readFileSync(sampleReports('xlsx')));
  const name = bytes.indexOf('xl/worksheets/sheet1.xml');
  const header = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), name);
  const compressed = bytes.readUInt32LE(header + 18);
  const data = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
  bytes.fill(0xa5, data + (compressed >> 1), data + (compressed >> 1) + 64);
  return bytes;
}

describe('damaged workbook', () => {
  it('is refused as damaged, with what to do', async () => {
    const path = join(store().dir, 'berichte.xlsx');
    writeFileSync(path, damaged());
    const [result] = await store().ingest([path], { kind: 'final_reports' });
    expect(result!.status).toBe('error');
    expect(result!.error).toMatch(/^berichte\.xlsx refused: the workbook is damaged \(.+\)\. Open it in Excel or LibreOffice and save it again as \.xlsx, or ask the sender for a new copy\.$/);
    expect(await store().db.scalar('SELECT count(*) FROM raw.final_reports')).toBe(0);
  });
});
