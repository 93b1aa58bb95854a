/**
 * What a file named .xlsx is when it is no zip package, so that its refusal says what to do.
 * All such files were refused as 'not a valid XLSX file (no zip directory found)' with the
 * advice to open the file in Excel and save it again — which, for a password-protected
 * workbook, gives back the same encrypted file, and for a CSV export saved under an .xlsx
 * name misses the simpler way (rename it).
 *
 * - An OLE compound file (signature D0 CF 11 E0 A1 B1 1A E1, [MS-CFB] §2.2) is either an old
 *   Excel 97–2003 workbook (.xls) or an encrypted one: Excel and LibreOffice keep a workbook
 *   saved with a password as an 'EncryptedPackage' stream in such a file ([MS-OFFCRYPTO]
 *   §2.3.4.4, https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-offcrypto/b60c8b35-2db2-4409-8710-59d88a793f83),
 *   whose name the file's directory holds in UTF-16LE.
 * - Text (what the CSV reader would take for text: dialect.ts) is an export saved under the
 *   wrong name; markup is a web page or an XML export that Excel opens, not a CSV.
 * Anything else (a truncated or damaged zip, random bytes) keeps the general refusal.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { notTextReason } from './dialect.ts';
import type { LimitViolation } from './limits.ts';
import { decodeText } from './transcode.ts';

export const NOT_XLSX_HINT = 'Open it in Excel or LibreOffice and save it again as .xlsx, or ask the sender for a new copy.';

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
/** Bytes looked at to tell text from binary data (as much as the CSV sniffer's sample, about). */
const HEAD_BYTES = 1 << 16;
const CHUNK_BYTES = 1 << 20;

/** Why a file without a zip directory is refused, and what to do. */
export function notZipViolation(path: string): LimitViolation {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, head, 0, HEAD_BYTES, 0);
    const start = head.subarray(0, read);
    if (start.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
      if (contains(fd, ENCRYPTED_PACKAGE)) {
        return {
          reason: 'the workbook is password-protected (encrypted), so nothing of it can be read',
          hint: 'Open it with the password in Excel, remove the password (Datei → Informationen → Arbeitsmappe schützen → Mit Kennwort verschlüsseln: clear the field) and save it again, then ingest that.',
        };
      }
      return {
        reason: 'it is an old Excel 97–2003 .xls file under an .xlsx name, a format not read here',
        hint: 'Open it in Excel or LibreOffice and save it as .xlsx (Excel-Arbeitsmappe), then ingest that.',
      };
    }
    if (read === 0) return { reason: 'not a valid XLSX file: it is empty (0 bytes)', hint: 'Ask the sender for the file again: the copy that arrived holds nothing (an upload or a copy that failed).' };
    // a zip's first bytes (a copy cut off before its directory) are no text file, however few
    const zip = start.subarray(0, 2).toString('latin1') === 'PK';
    if (!zip && notTextReason(start) === undefined) return textViolation(decodeText(start).trimStart());
    // a zip's start without its end: opening it in Excel, as the general advice says, cannot help (a review)
    if (zip) return { reason: 'not a valid XLSX file (no zip directory found): it starts as a workbook but its end is missing — a copy cut off on the way', hint: 'Ask the sender for a new copy (or copy it again from where it came).' };
    return { reason: 'not a valid XLSX file (no zip directory found)', hint: NOT_XLSX_HINT };
  } finally {
    closeSync(fd);
  }
}

/** A text file under an .xlsx name, by what its text starts with. */
function textViolation(text: string): LimitViolation {
  if (text.startsWith('<')) {
    return {
      reason: 'not an Excel workbook but HTML or XML text (a web page or an export saved with an .xlsx name)',
      hint: 'Open it in Excel or LibreOffice and save it as .xlsx (Excel-Arbeitsmappe), or ask the sender for a real workbook or a CSV file.',
    };
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    return { reason: 'not an Excel workbook but text that looks like JSON (saved with an .xlsx name)', hint: 'If it is a JSON export, rename it to .json and ingest it again.' };
  }
  return {
    reason: 'not an Excel workbook but plain text, as a CSV file is (a CSV export saved with an .xlsx name)',
    hint: 'If it is a CSV export, rename it to .csv and ingest it again; otherwise open it in Excel or LibreOffice and save it as .xlsx.',
  };
}

/** Whether the file holds `pattern` anywhere: read in chunks that overlap by the pattern's length. */
function contains(fd: number, pattern: Buffer): boolean {
  const chunk = Buffer.alloc(CHUNK_BYTES + pattern.length);
  let kept = 0;
  for (let position = 0; ; ) {
    const read = readSync(fd, chunk, kept, CHUNK_BYTES, position);
    if (read === 0) return false;
    const end = kept + read;
    if (chunk.subarray(0, end).includes(pattern)) return true;
    position += read;
    kept = Math.min(pattern.length - 1, end);
    chunk.copy(chunk, 0, end - kept, end);
  }
}
