/**
 * Does a file end the way a complete file of its format ends? An inbox file whose writer
 * stalled longer than the minimum age would otherwise be loaded half: its complete rows in,
 * the cut-off last one rejected, and the rest (when the writer resumes) quarantined.
 * Text ends with a line break, JSON with `}` or `]`, XLSX (a zip) with its end-of-central-
 * directory record. Other names are not judged (ingest refuses them with its own reason).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { ZIP_END_SIGNATURE, ZIP_TAIL_BYTES } from '../ingest/limits.ts';

// every name ingest reads as text or as a workbook (ingest/data-names.ts): a .tab or .xlsm was loaded cut off
const TEXT = new Set(['.csv', '.txt', '.tsv', '.tab']);
const WORKBOOK = new Set(['.xlsx', '.xlsm']);
const JSON_LIKE = new Set(['.json', '.ndjson', '.jsonl']);

/**
 * Why the file looks cut off, or undefined when it ends as a complete file does. An empty file
 * waits too: `query > inbox/participations/export.csv` makes the file before its first row, and
 * quarantined as empty it took every row written after into the quarantine (an operator's audit).
 */
export function cutOffReason(path: string, size: number): string | undefined {
  if (size === 0) return 'the file is empty (still being written?)';
  const ext = extname(path).toLowerCase();
  if (TEXT.has(ext)) {
    const last = tail(path, size, 1)[0];
    return last === 0x0a || last === 0x0d ? undefined : 'the last line has no line break (still being written, or cut off)';
  }
  if (JSON_LIKE.has(ext)) {
    const end = tail(path, size, 4096).toString('latin1').trimEnd();
    // blanks only: as empty (an ingest refuses it so), not complete; read whole up to 1 MB (a review)
    if (end === '' && (size <= 4096 || (size <= 2 ** 20 && tail(path, size, size).toString('latin1').trim() === ''))) return 'the file is empty (still being written?)';
    return end === '' || end.endsWith('}') || end.endsWith(']') ? undefined : 'the JSON does not end with } or ] (still being written, or cut off)';
  }
  if (WORKBOOK.has(ext)) {
    return tail(path, size, ZIP_TAIL_BYTES).includes(ZIP_END_SIGNATURE) ? undefined : 'the workbook has no zip end record (still being written, or cut off)';
  }
  return undefined;
}

function tail(path: string, size: number, bytes: number): Buffer {
  const length = Math.min(size, bytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer;
}
