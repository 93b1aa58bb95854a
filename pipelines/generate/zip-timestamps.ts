/**
 * Zip writers stamp every entry with the current time, so the same workbook written twice
 * differs in bytes. The sample files are committed and rebuilt; rewriting the DOS
 * date/time fields of every local and central header to one fixed date makes the
 * rebuild byte-identical. (The fields are not covered by the entries' CRCs.)
 * Format: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (4.3.7, 4.3.12, 4.3.16)
 */
import { civil, type Day } from './days.ts';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

function dosDate(day: Day): number {
  const [y, m, d] = civil(day);
  return ((y - 1980) << 9) | (m << 5) | d;
}

export function pinZipTimestamps(zip: Buffer, day: Day): Buffer {
  const out = Buffer.from(zip);
  const date = dosDate(day);
  let eocd = out.length - 22;
  while (eocd >= 0 && out.readUInt32LE(eocd) !== END_OF_CENTRAL_DIRECTORY) eocd--;
  if (eocd < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`zip central header ${i} not where the directory says`);
    out.writeUInt16LE(0, at + 12);
    out.writeUInt16LE(date, at + 14);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`zip local header ${i} not where the directory says`);
    out.writeUInt16LE(0, local + 10);
    out.writeUInt16LE(date, local + 12);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}
