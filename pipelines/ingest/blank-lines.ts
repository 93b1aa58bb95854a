/**
 * Blank lines between a CSV file's records. DuckDB skips them, a spreadsheet shows each as
 * an empty row: without them a reject after a blank line would name a row one too high for
 * the person looking it up. The scan reads the file twice at most: once for any two line
 * ends in a row (fast, native search), and only then, quote-aware, to place each blank line.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;
const CANDIDATES = ['\n\n', '\n\r\n', '\r\r'].map((s) => Buffer.from(s));

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** Calls `each` with the file's bytes chunk by chunk. */
function readChunks(path: string, each: (chunk: Buffer) => boolean | void): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0 || each(buffer.subarray(0, n)) === false) return;
    }
  } finally {
    closeSync(fd);
  }
}

function mayHaveBlankLine(path: string): boolean {
  let found = false;
  let tail = Buffer.alloc(0);
  readChunks(path, (chunk) => {
    // the last two bytes of the previous chunk, so a pair across the boundary is seen
    const window = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    found = CANDIDATES.some((c) => window.includes(c));
    tail = Buffer.from(window.subarray(Math.max(0, window.length - 2)));
    return !found;
  });
  return found;
}

/**
 * For each blank line after the first `skipLines` physical lines, the number of records
 * before it (records counted as DuckDB counts them: from 0, blank lines not counted). A
 * record at position r then sits `blanks.filter((b) => b <= r).length` rows lower in a
 * spreadsheet. A quote opens a field only at the field's start, as in the dialect sniffer.
 */
export function blankLinesBetweenRecords(path: string, skipLines: number, delimiter: string): number[] {
  if (!mayHaveBlankLine(path)) return [];
  const delim = delimiter.charCodeAt(0);
  const blanks: number[] = [];
  let toSkip = skipLines;
  let records = 0;
  let quoted = false;
  let justClosed = false;
  let fieldStart = true;
  let lineEmpty = true;
  let afterCr = false;
  const endLine = () => {
    if (lineEmpty) blanks.push(records);
    else records++;
    lineEmpty = true;
    fieldStart = true;
  };
  readChunks(path, (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (afterCr) {
        afterCr = false;
        if (b === LF) continue; // the LF of a CRLF
      }
      if (toSkip > 0) {
        if (b === LF || b === CR) {
          toSkip--;
          afterCr = b === CR;
        }
        continue;
      }
      if (quoted) {
        if (b === QUOTE) {
          quoted = false;
          justClosed = true;
        }
        continue;
      }
      if (b === QUOTE && (fieldStart || justClosed)) {
        // '""' inside a quoted field closes and reopens it
        quoted = true;
        justClosed = false;
        lineEmpty = false;
        continue;
      }
      justClosed = false;
      if (b === LF || b === CR) {
        afterCr = b === CR;
        endLine();
      } else if (b === delim) {
        fieldStart = true;
        lineEmpty = false;
      } else {
        if (b !== SPACE && b !== TAB) fieldStart = false;
        lineEmpty = false;
      }
    }
  });
  return blanks;
}
