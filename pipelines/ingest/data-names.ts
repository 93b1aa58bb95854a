/**
 * Which names in a folder are data an ingest reads, for `almp ingest <folder>` and the
 * scheduler's inbox alike: the inbox read a covering letter's PDF as a CSV and quarantined it,
 * and desktop.ini too, each keeping status red for 7 days (an operator's audit).
 */
import { extname } from 'node:path';
import { UNSUPPORTED_SHEETS } from './file-format.ts';

const DATA_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.tab', '.xlsx', '.xlsm', '.json', '.ndjson', '.jsonl', ...Object.keys(UNSUPPORTED_SHEETS)]);

/** A name an ingest reads (or refuses with a reason of its own: .xls, .ods); others are not data. */
export function isDataName(name: string): boolean {
  return DATA_EXTENSIONS.has(extname(name).toLowerCase()) && !isNote(name);
}

/** What Windows leaves in every folder, and an admin's note on the folder: not worth a line. */
export function isSystemFile(name: string): boolean {
  return name.toLowerCase() === 'thumbs.db' || name.toLowerCase() === 'desktop.ini' || isNote(name);
}

/**
 * README.txt, LIESMICH.txt: a note an admin leaves in an inbox folder for the clerks. As a
 * .txt it was read as a tab-separated data file and quarantined, status red for 7 days. Text
 * files only: a 'liesmich_teilnahmen.csv' is data all the same.
 */
function isNote(name: string): boolean {
  return /^(readme|read me|read_me|liesmich|lies mich|lies_mich)([ ._-].*)?\.(txt|md)$/i.test(name);
}
