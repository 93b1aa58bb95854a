/** Which reader a file needs, from its extension (and, for .json, its first bytes). */
import { extname } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import { IngestError } from '../errors.ts';
import { readSample } from './csv-source.ts';
import { limitViolation } from './limits.ts';
import { decodeText } from './transcode.ts';

export type FileFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';

export function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') {
    const start = decodeText(readSample(path).sample).trimStart();
    if (start.startsWith('[') || start === '') return 'json';
    return isOneJsonDocument(path) ? 'json' : 'ndjson';
  }
  const unsupported = UNSUPPORTED_SHEETS[ext];
  if (unsupported) throw new IngestError(`${unsupported} are not supported.`, path, undefined, undefined, 'Save the sheet as .xlsx or CSV and ingest that.');
  return 'csv';
}

/** Spreadsheets saved in a format no reader here knows: refused by name (an .ods was read as a CSV, "a zip archive … saved with a .csv name?"). */
export const UNSUPPORTED_SHEETS: Readonly<Record<string, string>> = {
  '.xls': 'Old Excel .xls files',
  '.xlsb': 'Excel binary .xlsb files',
  '.ods': 'LibreOffice/OpenDocument .ods files',
};

/**
 * A .json file opening with '{' is either one document (an object wrapping the records) or
 * NDJSON under the wrong extension: one parse of the whole file tells. Files too large to
 * parse at once are taken as NDJSON, which is read line by line.
 */
function isOneJsonDocument(path: string): boolean {
  if (statSync(path).size > MAX_JSON_DOCUMENT_BYTES) return false;
  // too deeply nested to parse safely: a document, which the limits then refuse by name
  if (limitViolation(path, 'json')) return true;
  try {
    JSON.parse(decodeText(readFileSync(path)));
    return true;
  } catch {
    return false;
  }
}

const MAX_JSON_DOCUMENT_BYTES = 256 * 2 ** 20;
